using P2PMarket.Prosumers;

namespace P2PMarket.Tests.Scenarios;

/// <summary>Structural checks of a trading graph.</summary>
public static class TradeGraphChecks
{
    /// <summary>Number of prosumers reachable from prosumer 0 through trading pairs.</summary>
    public static int ReachableCount(TradeGraph g)
    {
        var seen = new bool[g.ProsumerCount];
        var stack = new Stack<int>([0]);
        seen[0] = true;
        var count = 1;
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            for (var s = g.SlotStart(i); s < g.SlotStart(i) + g.PartnerCount(i); s++)
                if (!seen[g.Partner(s)])
                {
                    seen[g.Partner(s)] = true;
                    count++;
                    stack.Push(g.Partner(s));
                }
        }
        return count;
    }
}
