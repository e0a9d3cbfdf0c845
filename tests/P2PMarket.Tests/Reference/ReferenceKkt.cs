using P2PMarket.Clearing.Reference;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Reference;

/// <summary>
/// The equilibrium conditions of MODEL.md sec. 5 (all r_i = 1) evaluated on a <see cref="ReferenceSolution"/> from the
/// scenario and the solution alone. Each prosumer variable is checked by its natural (projection) residual
/// <c>|v - proj_[lb,ub](v - grad)|</c>, which is 0 exactly when the variable is optimal in its box given the balance
/// price lambda_i, the trade prices and its network price eta_b(i); a trade's residual uses the proximal map of
/// the fee <c>tradeFee |t|</c> (a soft threshold) in place of the projection.
/// </summary>
public static class ReferenceKkt
{
    /// <param name="Stationarity">Largest natural residual of any prosumer variable (kW or $/kWh).</param>
    /// <param name="Balance">Largest power-balance residual, kW.</param>
    /// <param name="Bounds">Largest bound violation of any decision, kW.</param>
    /// <param name="Reciprocity">Largest <c>|t_ij + t_ji|</c>, kW, and largest difference of the two slots' trade prices, $/kWh.</param>
    /// <param name="NetworkViolation">Largest <c>(A P - b)_k / (1 + |b_k|)</c>, relative.</param>
    /// <param name="NegativeMultiplier">Largest <c>-mu_k</c>.</param>
    /// <param name="Complementarity">Largest <c>|mu_k (b - A P)_k|</c>, $ per interval.</param>
    /// <param name="BusPrice">Largest <c>|eta - A^T mu|</c> and injection bookkeeping error.</param>
    public sealed record Residuals(double Stationarity, double Balance, double Bounds, double Reciprocity,
        double NetworkViolation, double NegativeMultiplier, double Complementarity, double BusPrice)
    {
        public double Largest => new[] { Stationarity, Balance, Bounds, Reciprocity, NetworkViolation, NegativeMultiplier, Complementarity, BusPrice }.Max();
    }

    public static Residuals Of(Scenario scenario, ReferenceSolution solution)
    {
        var network = scenario.BuildNetworkConstraints();
        var graph = scenario.Trades;
        var retail = scenario.Retail;
        double stationarity = 0, balance = 0, bounds = 0, reciprocity = 0, busPrice = 0;

        var eta = network.BusPrice(solution.NetworkMultipliers.ToArray());
        for (var n = 0; n < eta.Length; n++) busPrice = Math.Max(busPrice, Math.Abs(eta[n] - solution.BusNetworkPrice[n]));

        var busInjection = new double[network.BusCount];
        for (var i = 0; i < scenario.Prosumers.Count; i++)
        {
            var p = scenario.Prosumers[i];
            var dec = solution.Prosumers[i];
            var lambda = dec.BalancePrice;
            var networkPrice = eta[p.Bus];
            busPrice = Math.Max(busPrice, Math.Abs(dec.NetworkPrice - networkPrice));

            // L_i = C_i + networkPrice p_i - sum_j tradePrice_ij t_ij - lambda_i (p_i - sum_j t_ij + m_i - x_i)
            Check(dec.GenerationKw, 2 * p.GenerationCostQuadratic * dec.GenerationKw + p.GenerationCostLinear + networkPrice - lambda, 0, p.GenerationMaxKw);
            Check(dec.PvUsedKw, networkPrice - lambda, 0, p.PvAvailableKw);
            Check(dec.FlexibleDemandKw, -p.UtilityLinear + 2 * p.UtilityQuadratic * dec.FlexibleDemandKw - networkPrice + lambda, p.DemandMinKw, p.DemandMaxKw);
            Check(dec.ImportKw, retail.ImportPerKwh - lambda, 0, p.RetailLimitKw);
            Check(dec.ExportKw, -retail.ExportPerKwh + lambda, 0, p.RetailLimitKw);

            var injection = dec.GenerationKw + dec.PvUsedKw - p.FixedLoadKw - dec.FlexibleDemandKw;
            busPrice = Math.Max(busPrice, Math.Abs(injection - dec.InjectionKw));
            busInjection[p.Bus] += injection;
            var sold = 0.0;
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
            {
                var pair = graph.PairOf(s);
                var t = solution.TradesKw[s];
                sold += t;
                var smoothGradient = pair.Friction * t - solution.TradePrice[s] + lambda;
                var v = t - smoothGradient;
                var prox = Math.Clamp(Math.Sign(v) * Math.Max(Math.Abs(v) - pair.FeePerKwh, 0), -pair.LimitKw, pair.LimitKw);
                stationarity = Math.Max(stationarity, Math.Abs(t - prox));
                bounds = Math.Max(bounds, Math.Abs(t) - pair.LimitKw);
                var r = graph.Reverse(s);
                reciprocity = Math.Max(reciprocity, Math.Abs(t + solution.TradesKw[r]));
                reciprocity = Math.Max(reciprocity, Math.Abs(solution.TradePrice[s] - solution.TradePrice[r]));
            }
            balance = Math.Max(balance, Math.Abs(injection - (sold - dec.ImportKw + dec.ExportKw)));
        }
        for (var n = 0; n < busInjection.Length; n++) busPrice = Math.Max(busPrice, Math.Abs(busInjection[n] - solution.BusInjectionKw[n]));

        var residual = network.Residual(busInjection);
        double violation = 0, negative = 0, complementarity = 0;
        for (var k = 0; k < network.RowCount; k++)
        {
            var mu = solution.NetworkMultipliers[k];
            violation = Math.Max(violation, residual[k] / (1 + Math.Abs(network.Bound[k])));
            negative = Math.Max(negative, -mu);
            complementarity = Math.Max(complementarity, Math.Abs(mu * residual[k]));
        }
        return new Residuals(stationarity, balance, Math.Max(0, bounds), reciprocity, Math.Max(0, violation), negative, complementarity, busPrice);

        void Check(double value, double gradient, double lower, double upper)
        {
            stationarity = Math.Max(stationarity, Math.Abs(value - Math.Clamp(value - gradient, lower, upper)));
            bounds = Math.Max(bounds, Math.Max(lower - value, value - upper));
        }
    }

    /// <summary>Rows whose slack is within <paramref name="tolerance"/> (relative to 1 + |b_k|) of zero.</summary>
    public static IReadOnlyList<string> BindingRows(NetworkConstraints network, ReferenceSolution solution, double tolerance = 1e-6) =>
        Enumerable.Range(0, network.RowCount)
            .Where(k => solution.NetworkSlack[k] <= tolerance * (1 + Math.Abs(network.Bound[k])))
            .Select(k => network.Labels[k])
            .ToArray();
}
