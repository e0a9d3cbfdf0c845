using P2PMarket.Clearing.Envelopes;
using P2PMarket.Grid;

namespace P2PMarket.Tests.Envelopes;

public class DynamicEnvelopeCalculatorTests
{
    [Fact]
    public void EnvelopeIsTheRoomTheOthersLeave()
    {
        // vmax allows P <= 5125 kW, vmin P >= -4875 kW at bus 1; the other prosumer injects 2000 kW.
        var rows = new NetworkConstraints(new LinDistFlow(TinyFeeders.TwoBus()), new VoltageLimits(0.95, 1.05));
        var envelopes = DynamicEnvelopeCalculator.Compute(rows, [1, 1, 0], [1000, 2000, 50]);

        Assert.Equal(5125 - 2000, envelopes[0].MaxKw, 1e-6);
        Assert.Equal(-4875 - 2000, envelopes[0].MinKw, 1e-6);
        Assert.Equal(5125 - 1000, envelopes[1].MaxKw, 1e-6);
        Assert.Equal(OperatingEnvelope.Unbounded, envelopes[2]); // the substation bus moves no row
    }
}
