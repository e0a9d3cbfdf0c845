namespace P2PMarket.Grid;

/// <summary>A bus of the feeder with its passive (non-market) constant-PQ load.</summary>
/// <param name="Label">Original bus number from the data file; used in every output.</param>
/// <param name="LoadKw">Passive active load, kW (MODEL.md sec. 1: <c>PL_k</c>).</param>
/// <param name="LoadKvar">Passive reactive load, kVAr (<c>QL_k</c>).</param>
public sealed record FeederBus(int Label, double LoadKw, double LoadKvar);
