namespace P2PMarket.Clearing.Modes;

/// <summary>A trade pair the <c>discard</c> mode blocked (trade limit set to 0) and why.</summary>
/// <param name="Round">Security-check round (1 = after the first clearing).</param>
/// <param name="PairIndex">Index of the pair in the scenario's trading graph.</param>
/// <param name="SellerId">Prosumer that sold in the clearing before the drop.</param>
/// <param name="BuyerId">Prosumer that bought.</param>
/// <param name="TradeKw">Traded quantity from seller to buyer, kW.</param>
/// <param name="RowLabel">The violated row the trade contributed most to.</param>
/// <param name="ContributionKw">The trade's contribution to that row, <c>(A[k,b(seller)] - A[k,b(buyer)]) t / ||A_k||</c>,
/// kW of injection on the normalized row.</param>
/// <param name="RowViolationKw">The row's violation <c>(A P - b)_k / ||A_k||</c> before the drop, kW of injection.</param>
public sealed record DroppedTrade(
    int Round,
    int PairIndex,
    string SellerId,
    string BuyerId,
    double TradeKw,
    string RowLabel,
    double ContributionKw,
    double RowViolationKw);
