namespace P2PMarket.Clearing.Admm;

/// <summary>
/// When an adaptive penalty may change: freely for its first <c>freeChanges</c> changes, then only after a quiet
/// stretch that doubles with every further change (50, 100, 200, ... iterations). Between changes the iteration
/// is plain ADMM/PDHG, which converges (Boyd et al. 2011, sec. 3.4.1); a fixed cap alone froze rho where it was
/// after an early burst of changes and left the trades to creep (2,500 iterations on a 100-prosumer market).
/// </summary>
public sealed class PenaltySchedule(int freeChanges)
{
    private int changes;
    private int lastChange;
    private int quietStretch = 50;

    /// <summary>True if the penalty may change at <paramref name="iteration"/>.</summary>
    public bool MayChange(int iteration) => changes < freeChanges || iteration - lastChange >= quietStretch;

    /// <summary>Records a change at <paramref name="iteration"/>.</summary>
    public void Changed(int iteration)
    {
        if (changes >= freeChanges) quietStretch *= 2;
        changes++;
        lastChange = iteration;
    }
}
