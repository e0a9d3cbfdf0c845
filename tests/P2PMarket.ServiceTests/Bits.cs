using P2PMarket.Clearing.Admm;
using P2PMarket.Prosumers;

namespace P2PMarket.ServiceTests;

/// <summary>Bit-for-bit comparison of doubles (two runs of the same arithmetic must agree exactly).</summary>
public static class Bits
{
    /// <summary>The IEEE 754 bit patterns of <paramref name="values"/>.</summary>
    public static long[] Of(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Asserts equal bit patterns.</summary>
    public static void Equal(IEnumerable<double> expected, IEnumerable<double> actual, string what) =>
        Assert.True(Of(expected).SequenceEqual(Of(actual)), $"{what}: not bit-identical");

    /// <summary>Asserts equal bit patterns of every decision variable.</summary>
    public static void Equal(IReadOnlyList<LocalDecision> expected, IReadOnlyList<LocalDecision> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        static IEnumerable<double> Flat(IEnumerable<LocalDecision> ds) => ds.SelectMany(d => new[]
            { d.GenerationKw, d.PvUsedKw, d.FlexibleDemandKw, d.ImportKw, d.ExportKw, d.InjectionKw, d.BalancePrice, d.Cost, d.InjectionBoundPrice });
        Equal(Flat(expected), Flat(actual), what);
    }

    /// <summary>Asserts two ADMM outcomes equal bit for bit (all but wall times).</summary>
    public static void Equal(AdmmOutcome expected, AdmmOutcome actual)
    {
        Assert.Equal(expected.Exit, actual.Exit);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Equal(expected.Trades, actual.Trades, "trades");
        Equal(expected.TradePrice, actual.TradePrice, "trade prices");
        Equal(expected.Decisions, actual.Decisions, "decisions");
        Equal(expected.NetworkPrice, actual.NetworkPrice, "network prices");
        Equal(expected.BusPrice, actual.BusPrice, "bus prices");
        Equal(expected.Multiplier, actual.Multiplier, "multipliers");
        Equal(expected.OperatingEnvelopeKw.SelectMany(e => new[] { e.Min, e.Max }), actual.OperatingEnvelopeKw.SelectMany(e => new[] { e.Min, e.Max }), "envelopes");
        Assert.Equal(expected.History.Count, actual.History.Count);
        Equal(expected.History.SelectMany(h => new[] { h.ReciprocityResidualKw, h.NetworkViolationKw, h.TradeDualResidual, h.NetworkPrimalResidualKw, h.NetworkDualResidual, h.Rho, h.InjectionProximal, h.DualStep }),
            actual.History.SelectMany(h => new[] { h.ReciprocityResidualKw, h.NetworkViolationKw, h.TradeDualResidual, h.NetworkPrimalResidualKw, h.NetworkDualResidual, h.Rho, h.InjectionProximal, h.DualStep }),
            "history");
    }
}
