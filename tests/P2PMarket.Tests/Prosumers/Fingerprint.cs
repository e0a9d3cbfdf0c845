using P2PMarket.Prosumers;

namespace P2PMarket.Tests.Prosumers;

/// <summary>A 64-bit fingerprint of exact bit patterns (FNV-1a over the IEEE bits of each double), used to pin the
/// local solver's results against a recorded baseline.</summary>
public sealed class Fingerprint
{
    private ulong hash = 14695981039346656037UL;

    public ulong Value => hash;

    public void Add(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        for (var b = 0; b < 8; b++, bits >>= 8)
        {
            hash ^= bits & 0xff;
            hash *= 1099511628211UL;
        }
    }

    public void Add(ReadOnlySpan<double> values)
    {
        foreach (var value in values) Add(value);
    }

    /// <summary>Every input of a local problem that the solver reads.</summary>
    public void AddInputs(LocalProblem problem)
    {
        var p = problem.Prosumer;
        Add(p.FixedLoadKw); Add(p.PvAvailableKw); Add(p.GenerationMaxKw); Add(p.GenerationCostQuadratic);
        Add(p.GenerationCostLinear); Add(p.DemandMinKw); Add(p.DemandMaxKw); Add(p.UtilityLinear);
        Add(p.UtilityQuadratic); Add(p.RetailLimitKw);
        Add(problem.Retail.ImportPerKwh); Add(problem.Retail.ExportPerKwh);
        Add(problem.Prices.NetworkPrice); Add(problem.Prices.Rho); Add(problem.Prices.InjectionProximal);
        Add(problem.Prices.InjectionAnchorKw);
        Add(problem.TradePrice); Add(problem.TradeAnchor);
        for (var k = 0; k < problem.PartnerCount; k++)
        {
            var pair = problem.Pair(k);
            Add(pair.LimitKw); Add(pair.FeePerKwh); Add(pair.Friction);
        }
    }

    /// <summary>Every output of a local solve.</summary>
    public void AddOutputs(in LocalDecision decision, ReadOnlySpan<double> trades)
    {
        Add(decision.GenerationKw); Add(decision.PvUsedKw); Add(decision.FlexibleDemandKw); Add(decision.ImportKw);
        Add(decision.ExportKw); Add(decision.InjectionKw); Add(decision.BalancePrice); Add(decision.Cost);
        Add(trades);
    }
}
