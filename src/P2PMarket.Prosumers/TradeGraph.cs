namespace P2PMarket.Prosumers;

/// <summary>
/// The symmetric trading graph laid out as directed trade slots: prosumer i owns the contiguous slots
/// <c>[SlotStart(i), SlotStart(i+1))</c>, one per partner j in increasing j, and slot s holds
/// <c>t_ij</c> (kW, positive = i sells to j). <see cref="Reverse"/> maps the slot of (i, j) to the slot
/// of (j, i). Flat arrays keep the ADMM inner loop free of allocation.
/// </summary>
public sealed class TradeGraph
{
    private readonly int[] slotStart;
    private readonly int[] partner;
    private readonly int[] reverse;
    private readonly int[] pairOf;

    /// <summary>Builds the slot layout.</summary>
    /// <param name="prosumerCount">Number of prosumers.</param>
    /// <param name="pairs">Each unordered pair once; First &lt; Second.</param>
    public TradeGraph(int prosumerCount, IReadOnlyList<TradePair> pairs)
    {
        ProsumerCount = prosumerCount;
        Pairs = pairs.ToArray();
        var lists = Enumerable.Range(0, prosumerCount).Select(_ => new List<(int Partner, int Pair)>()).ToArray();
        var seen = new HashSet<(int, int)>();
        for (var k = 0; k < Pairs.Count; k++)
        {
            var p = Pairs[k];
            if (p.First < 0 || p.Second >= prosumerCount || p.First >= p.Second)
                throw new ArgumentException($"pair {k}: expected 0 <= First < Second < {prosumerCount}, got ({p.First}, {p.Second})");
            if (!seen.Add((p.First, p.Second)))
                throw new ArgumentException($"pair {k}: ({p.First}, {p.Second}) listed twice");
            lists[p.First].Add((p.Second, k));
            lists[p.Second].Add((p.First, k));
        }
        slotStart = new int[prosumerCount + 1];
        for (var i = 0; i < prosumerCount; i++)
        {
            lists[i].Sort((a, b) => a.Partner.CompareTo(b.Partner));
            slotStart[i + 1] = slotStart[i] + lists[i].Count;
        }
        partner = new int[slotStart[prosumerCount]];
        pairOf = new int[partner.Length];
        for (var i = 0; i < prosumerCount; i++)
        for (var k = 0; k < lists[i].Count; k++)
        {
            partner[slotStart[i] + k] = lists[i][k].Partner;
            pairOf[slotStart[i] + k] = lists[i][k].Pair;
        }
        reverse = new int[partner.Length];
        for (var i = 0; i < prosumerCount; i++)
        for (var s = slotStart[i]; s < slotStart[i + 1]; s++)
        {
            var j = partner[s];
            reverse[s] = SlotOf(j, i);
        }
    }

    /// <summary>Number of prosumers.</summary>
    public int ProsumerCount { get; }

    /// <summary>Unordered pairs with their symmetric data.</summary>
    public IReadOnlyList<TradePair> Pairs { get; }

    /// <summary>Total number of directed slots (twice the pair count).</summary>
    public int SlotCount => partner.Length;

    /// <summary>First slot of prosumer <paramref name="prosumer"/>.</summary>
    public int SlotStart(int prosumer) => slotStart[prosumer];

    /// <summary>Number of partners of prosumer <paramref name="prosumer"/>.</summary>
    public int PartnerCount(int prosumer) => slotStart[prosumer + 1] - slotStart[prosumer];

    /// <summary>Partner prosumer of slot <paramref name="slot"/>.</summary>
    public int Partner(int slot) => partner[slot];

    /// <summary>The slot of the same pair seen from the partner.</summary>
    public int Reverse(int slot) => reverse[slot];

    /// <summary>The slot of <c>t_ij</c> (prosumer <paramref name="prosumer"/> trading with <paramref name="partnerIndex"/>),
    /// or -1 if they are not partners.</summary>
    public int SlotOf(int prosumer, int partnerIndex)
    {
        var slot = Array.BinarySearch(partner, slotStart[prosumer], slotStart[prosumer + 1] - slotStart[prosumer], partnerIndex);
        return slot >= 0 ? slot : -1;
    }

    /// <summary>Pair data of slot <paramref name="slot"/>.</summary>
    public TradePair PairOf(int slot) => Pairs[pairOf[slot]];

    /// <summary>Index into <see cref="Pairs"/> of slot <paramref name="slot"/>.</summary>
    public int PairIndexOf(int slot) => pairOf[slot];
}
