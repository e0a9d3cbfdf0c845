namespace P2PMarket.Grid;

/// <summary>
/// A validated radial feeder (MODEL.md sec. 1). Bus index 0 is the substation (slack); the other buses
/// keep the order of the bus data. Branches keep the order of the branch data.
/// </summary>
public sealed class Feeder
{
    private readonly int[] parentOf;
    private readonly int[] branchInto;
    private readonly int[][] childrenOf;
    private readonly int[] depthFirstOrder;
    private readonly Dictionary<int, int> indexOfLabel;

    /// <summary>Builds a feeder from buses and branches already in internal indices.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="baseKv">Line-to-line base voltage, kV.</param>
    /// <param name="baseMva">Power base, MVA.</param>
    /// <param name="substationVoltagePu">Slack voltage <c>V0</c>, p.u.</param>
    /// <param name="buses">Buses; index 0 must be the substation.</param>
    /// <param name="branches">Branches, each with a parent closer to the substation.</param>
    /// <param name="source">Where the data came from, for error messages.</param>
    /// <exception cref="FeederDataException">The data do not form one radial feeder rooted at bus 0.</exception>
    public Feeder(string name, double baseKv, double baseMva, double substationVoltagePu,
        IReadOnlyList<FeederBus> buses, IReadOnlyList<FeederBranch> branches, string source)
    {
        Name = name;
        Require(double.IsFinite(baseKv) && baseKv > 0, source, "baseKv", $"a positive finite voltage in kV, got {baseKv}");
        Require(double.IsFinite(baseMva) && baseMva > 0, source, "baseMva", $"a positive finite power in MVA, got {baseMva}");
        Require(double.IsFinite(substationVoltagePu) && substationVoltagePu > 0, source, "substationVoltagePu",
            $"a positive finite voltage in p.u., got {substationVoltagePu}");
        Require(buses.Count >= 2, source, "buses", $"at least 2 buses (a substation and one more), got {buses.Count}");
        Require(branches.Count == buses.Count - 1, source, "branches",
            $"exactly buses - 1 = {buses.Count - 1} branches for a radial feeder, got {branches.Count}");
        BaseKv = baseKv;
        BaseMva = baseMva;
        SubstationVoltagePu = substationVoltagePu;
        Buses = buses.ToArray();
        Branches = branches.ToArray();

        indexOfLabel = new Dictionary<int, int>(buses.Count);
        for (var n = 0; n < buses.Count; n++)
        {
            var bus = buses[n];
            if (!indexOfLabel.TryAdd(bus.Label, n))
                throw new FeederDataException(source, n + 1, "bus", $"a unique bus number; bus {bus.Label} appears twice");
            if (!double.IsFinite(bus.LoadKw)) throw new FeederDataException(source, n + 1, "p_kw", $"a finite load in kW at bus {bus.Label}");
            if (!double.IsFinite(bus.LoadKvar)) throw new FeederDataException(source, n + 1, "q_kvar", $"a finite load in kVAr at bus {bus.Label}");
        }

        parentOf = Enumerable.Repeat(-1, buses.Count).ToArray();
        branchInto = Enumerable.Repeat(-1, buses.Count).ToArray();
        var children = Enumerable.Range(0, buses.Count).Select(_ => new List<int>()).ToArray();
        for (var l = 0; l < branches.Count; l++)
        {
            var branch = branches[l];
            var row = l + 1;
            if (branch.ParentIndex < 0 || branch.ParentIndex >= buses.Count)
                throw new FeederDataException(source, row, "from_bus", "a bus listed in the bus data");
            if (branch.ChildIndex <= 0 || branch.ChildIndex >= buses.Count)
                throw new FeederDataException(source, row, "to_bus", "a non-substation bus listed in the bus data");
            if (!(double.IsFinite(branch.ResistanceOhm) && branch.ResistanceOhm > 0))
                throw new FeederDataException(source, row, "r_ohm", $"a positive finite resistance in ohm, got {branch.ResistanceOhm}");
            if (!(double.IsFinite(branch.ReactanceOhm) && branch.ReactanceOhm >= 0))
                throw new FeederDataException(source, row, "x_ohm", $"a non-negative finite reactance in ohm, got {branch.ReactanceOhm}");
            if (branch.LimitKw is { } limit && !(double.IsFinite(limit) && limit > 0))
                throw new FeederDataException(source, row, "limit_kw", $"a positive finite thermal limit in kW or empty, got {limit}");
            if (branchInto[branch.ChildIndex] >= 0)
                throw new FeederDataException(source, row, "to_bus",
                    $"each bus fed by one branch; bus {buses[branch.ChildIndex].Label} is fed twice (the feeder must be radial)");
            parentOf[branch.ChildIndex] = branch.ParentIndex;
            branchInto[branch.ChildIndex] = l;
            children[branch.ParentIndex].Add(branch.ChildIndex);
        }
        childrenOf = children.Select(c => c.ToArray()).ToArray();

        // Depth-first walk from the substation: every bus must be reached exactly once (connected, no cycle).
        var order = new List<int>(buses.Count);
        var stack = new Stack<int>();
        stack.Push(0);
        var seen = new bool[buses.Count];
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (seen[n]) continue;
            seen[n] = true;
            order.Add(n);
            for (var c = childrenOf[n].Length - 1; c >= 0; c--) stack.Push(childrenOf[n][c]);
        }
        if (order.Count != buses.Count)
        {
            var unreached = Enumerable.Range(0, buses.Count).First(n => !seen[n]);
            throw new FeederDataException(source, null, "branches",
                $"a connected radial feeder rooted at the substation; bus {buses[unreached].Label} is not reached from bus {buses[0].Label}");
        }
        depthFirstOrder = order.ToArray();
    }

    /// <summary>Display name of the feeder.</summary>
    public string Name { get; }

    /// <summary>Line-to-line base voltage, kV.</summary>
    public double BaseKv { get; }

    /// <summary>Power base, MVA.</summary>
    public double BaseMva { get; }

    /// <summary>Slack voltage magnitude <c>V0</c> at the substation, p.u.</summary>
    public double SubstationVoltagePu { get; }

    /// <summary>Impedance base <c>Zbase = kV^2 / MVA</c>, ohm.</summary>
    public double ImpedanceBaseOhm => BaseKv * BaseKv / BaseMva;

    /// <summary>Buses; index 0 is the substation, the rest in bus-data order.</summary>
    public IReadOnlyList<FeederBus> Buses { get; }

    /// <summary>Branches in branch-data order.</summary>
    public IReadOnlyList<FeederBranch> Branches { get; }

    /// <summary>Number of buses including the substation.</summary>
    public int BusCount => Buses.Count;

    /// <summary>Parent bus index of <paramref name="bus"/>, or -1 for the substation.</summary>
    public int ParentOf(int bus) => parentOf[bus];

    /// <summary>Index of the branch that feeds <paramref name="bus"/>, or -1 for the substation.</summary>
    public int BranchInto(int bus) => branchInto[bus];

    /// <summary>Child bus indices of <paramref name="bus"/>.</summary>
    public IReadOnlyList<int> ChildrenOf(int bus) => childrenOf[bus];

    /// <summary>Bus indices in depth-first order from the substation: every parent precedes its children.
    /// Walk it backwards for upstream sums (backward sweep), forwards for voltage drops (forward sweep).</summary>
    public ReadOnlySpan<int> TopologicalOrder => depthFirstOrder;

    /// <summary>Internal index of the bus with original number <paramref name="label"/>.</summary>
    /// <returns>False if no such bus.</returns>
    public bool TryGetIndex(int label, out int index) => indexOfLabel.TryGetValue(label, out index);

    /// <summary>Returns the same feeder with new thermal limits per branch (kW, null = unlimited).</summary>
    public Feeder WithBranchLimits(IReadOnlyList<double?> limitsKw, string source)
    {
        if (limitsKw.Count != Branches.Count)
            throw new FeederDataException(source, null, "branch limits", $"{Branches.Count} limits, one per branch, got {limitsKw.Count}");
        var branches = Branches.Select((b, l) => b with { LimitKw = limitsKw[l] }).ToArray();
        return new Feeder(Name, BaseKv, BaseMva, SubstationVoltagePu, Buses, branches, source);
    }

    private static void Require(bool ok, string source, string field, string expectation)
    {
        if (!ok) throw new FeederDataException(source, null, field, expectation);
    }
}
