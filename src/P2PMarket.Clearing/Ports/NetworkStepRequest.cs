namespace P2PMarket.Clearing.Ports;

/// <summary>What the coordinator sends the network operator for one iteration (MODEL.md sec. 7 step 4).</summary>
public sealed class NetworkStepRequest(int busCount)
{
    /// <summary>Identifier of the clearing, for idempotent transport.</summary>
    public string ClearingId { get; set; } = "";

    /// <summary>Iteration number k (0-based).</summary>
    public long Iteration { get; set; }

    /// <summary>Dual step <c>sigma</c> on the row-normalized constraints, $/kW^2 per interval (0 = leave mu alone).</summary>
    public double DualStep { get; set; }

    /// <summary>True to compute the headroom per bus (the dynamic OE, O(rows x buses) in general); false leaves
    /// <see cref="NetworkStepResult.HeadroomUpKw"/> and <see cref="NetworkStepResult.HeadroomDownKw"/> at NaN.</summary>
    public bool IncludeHeadroom { get; set; }

    /// <summary>Per bus: sum of the prosumers' injections <c>P^{k+1}</c>, kW.</summary>
    public double[] BusInjectionKw { get; } = new double[busCount];
}
