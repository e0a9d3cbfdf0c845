using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios;

namespace P2PMarket.Tests.Reference;

/// <summary>
/// The 4-bus toy of MODEL.md sec. 10, built in code, with its variational equilibrium derived by hand below
/// (<see cref="Expected"/>). One voltage limit (<c>vmax@3</c>) and one line limit (<c>fmin@1-2</c>) bind.
/// </summary>
public static class ToyScenario
{
    // ---------------------------------------------------------------------------------------------------
    // Feeder: substation 0 - 1 - 2 - 3, a low-voltage line. Base 0.4 kV, 0.1 MVA: Zbase = 0.4^2 / 0.1 = 1.6 ohm,
    // power base 100 kW. Every branch r = x = 0.08 ohm = 0.05 p.u. V0 = 1.0 p.u., limits Vmin 0.95, Vmax 1.05
    // (squared 0.9025 and 1.1025). Passive load only at bus 1: 20 kW, 10 kVAr. Thermal limits: 0-1 100 kW,
    // 1-2 60 kW, 2-3 100 kW.
    //
    // Passive operating point (MODEL.md sec. 3): FBase = (20, 0, 0) kW on (0-1, 1-2, 2-3);
    //   wBase_1 = 1 - 2 (0.05 * 20 + 0.05 * 10) / 100 = 0.97, and wBase_2 = wBase_3 = 0.97 (no passive flow beyond bus 1).
    // Voltage sensitivity: w_n = wBase_n + 2 sum_k R[n,k] P_k / 100 with R[n,k] = 0.05 * min(n, k) p.u. on a line, so
    //   w_3 = 0.97 + c (P1 + 2 P2 + 3 P3),  w_2 = 0.97 + c (P1 + 2 P2 + 2 P3),  w_1 = 0.97 + c (P1 + P2 + P3),
    //   with c = 2 * 0.05 / 100 = 1e-3 p.u.^2 per kW.
    // Flows: F_01 = 20 - (P1 + P2 + P3), F_12 = -(P2 + P3), F_23 = -P3 (kW).
    //
    // Prosumers (retail: import 0.25 $/kWh, export 0.05 $/kWh; every prosumer has a 50 kW contract):
    //   A at bus 3: load 2.5 kW, PV 100 kW, no generator, no flexible demand (Dmin = Dmax = 0).
    //   B at bus 2: load 5 kW, flexible demand d in [0, 40] with utility 0.08 d - 0.002 d^2.
    //   C at bus 1: load 10 kW, generator g in [0, 30] with cost 0.001 g^2 + 0.1 g,
    //               flexible demand d in [0, 80] with utility 0.18 d - 0.0005 d^2.
    // Trading graph: a tree, A-B and A-C (Tmax 100 kW, fee 0.001 $/kWh, friction gamma 1e-6 $/kW^2). On a tree the
    // trades follow from the injections alone, so the friction does not split them.
    //
    // 0. Without network limits (eta = 0) A sells all its PV: p_A = 97.5 kW. With lambda_C below 0.1, C's generator
    //    is off and its demand sits at Dmax = 80, so t_AC = 90 kW and t_AB = 7.5 kW: d_B = 2.5, lambda_B = 0.08 - 0.004 * 2.5
    //    = 0.07, lambda_A = 0.07 - 2 (0.001 + 7.5e-6) = 0.067985 > 0 (all PV used), lambda_C = lambda_A + 2 (0.001 + 9e-5)
    //    = 0.070165 < 0.1 (generator off, as assumed). Then F_12 = -(P2 + P3) = -90 kW against the 60 kW limit and
    //    w_3 = 0.97 + 1e-3 (-90 - 15 + 292.5) = 1.1575 > 1.1025 (V_3 = 1.076 p.u.): both limits are violated
    //    (<see cref="ExpectedUnconstrained"/>). With the limits, guess the active set {vmax@3, fmin@1-2}, solve, then
    //    verify every condition.
    //
    // 1. Binding rows. No retail is used (checked in 5), so each p_i is a sum of trades and P1 + P2 + P3 = 0:
    //      fmin@1-2:  -F_12 <= 60       ->  P2 + P3 = 60
    //      vmax@3:    w_3 <= 1.1025      ->  0.97 + 1e-3 (P1 + 2 P2 + 3 P3) = 1.1025
    //                 and P1 + 2 P2 + 3 P3 = (P1 + P2 + P3) + (P2 + P3) + P3 = 0 + 60 + P3 = 132.5
    //    => P3 = 72.5 kW, P2 = -12.5 kW, P1 = -60 kW.
    // 2. Decisions. A: sUsed = P3 + 2.5 = 75 kW (25 kW curtailed). B: d = 12.5 - 5 = 7.5 kW.
    //    C: g - 10 - d = -60 and equal marginal value of g and d (both interior, both see the same bus price):
    //      0.002 g + 0.1 = 0.18 - 0.001 d,  d = g + 50   =>  0.003 g = 0.03  =>  g = 10 kW, d = 60 kW.
    //    Trades (tree): t_AB = -P_B = 12.5 kW, t_AC = -P_C = 60 kW (A sells), t_BA = -12.5, t_CA = -60.
    // 3. Prices. Bus network prices eta = A^T mu with mu_v on vmax@3 (row coefficients c * (1, 2, 3)) and mu_f on
    //    fmin@1-2 (coefficients (0, 1, 1)):  eta_1 = c mu_v,  eta_2 = 2 c mu_v + mu_f,  eta_3 = 3 c mu_v + mu_f.
    //    Stationarity with balance prices lambda (MODEL.md sec. 5 partial dual):
    //      A (PV interior, zero marginal cost):   lambda_A = eta_3
    //      B (demand interior):  0.08 - 0.004 * 7.5 = 0.05  = lambda_B - eta_2
    //      C (g and d interior): 0.002 * 10 + 0.1 = 0.12     = lambda_C - eta_1
    //      each trade, seller i / buyer j:  tradePrice - lambda_i = fee + gamma t = lambda_j - tradePrice
    //        => lambda_B - lambda_A = 2 (0.001 + 1e-6 * 12.5) = 0.002025,  lambda_C - lambda_A = 2 (0.001 + 1e-6 * 60) = 0.00212
    //    B minus A: 0.002025 = 0.05 + eta_2 - eta_3 = 0.05 - c mu_v          => c mu_v = 0.047975, mu_v = 47.975 $/h per p.u.^2
    //    C minus A: 0.00212  = 0.12 + eta_1 - eta_3 = 0.12 - 2 c mu_v - mu_f  => mu_f = 0.12 - 0.00212 - 0.09595 = 0.02193 $/kWh
    //    => eta = (0, 0.047975, 0.11788, 0.165855) $/kWh on buses 0..3,
    //       lambda_A = 0.165855, lambda_B = 0.16788, lambda_C = 0.167975 $/kWh,
    //       tradePrice_AB = 0.165855 + 0.001 + 1.25e-5 = 0.1668675, tradePrice_AC = 0.165855 + 0.001 + 6e-5 = 0.166915 $/kWh.
    // 4. Costs ($ per interval). A: fees 0.001 * 72.5 + friction 0.5e-6 (12.5^2 + 60^2) = 0.074378125.
    //    B: -(0.08 * 7.5 - 0.002 * 7.5^2) + 0.0125 + 0.5e-6 * 12.5^2 = -0.474921875.
    //    C: 0.001 * 100 + 0.1 * 10 - (0.18 * 60 - 0.0005 * 3600) + 0.06 + 0.5e-6 * 3600 = -7.8382.
    //    Welfare = -(sum) = 8.23874375 $. Network surplus sum eta_b p = mu_v * 0.1325 + mu_f * 60 = 7.6724875 $.
    // 5. Verification of the guess: mu_v, mu_f > 0; every other row slack: w = (0.97, 1.03, 1.1025) within
    //    [0.9025, 1.1025] with only w_3 at the limit; F = (20, -60, -72.5) within +-(100, 60, 100) with only F_12 at
    //    its limit; interior decisions strictly inside their bounds (sUsed 75 < 100, d_B 7.5 in (0, 40), g_C 10 in
    //    (0, 30), d_C 60 in (0, 80), |t| < 100); retail unused since 0.05 < lambda < 0.25 for all (m = x = 0 strictly
    //    optimal); fixed variables (A's g and d, B's g and PV, C's PV) have no condition to meet. The QP is strictly
    //    convex in g, d, t, the injections fix sUsed, and the two binding rows have independent gradients, so the
    //    primal and dual solution are unique.
    // ---------------------------------------------------------------------------------------------------

    /// <summary>The hand-derived equilibrium.</summary>
    public static class Expected
    {
        public const double C = 1e-3; // p.u.^2 per kW: d w_3 / d P_1
        public const double MuVoltage = (0.05 - 2 * (0.001 + 1e-6 * 12.5)) / C; // 47.975
        public const double MuFlow = 0.12 - 2 * (0.001 + 1e-6 * 60) - 2 * C * MuVoltage; // 0.02193
        public static readonly double[] BusNetworkPrice = [0, C * MuVoltage, 2 * C * MuVoltage + MuFlow, 3 * C * MuVoltage + MuFlow];
        public static readonly double[] BusInjectionKw = [0, -60, -12.5, 72.5];
        public static readonly double[] BalancePrice =
        [
            BusNetworkPrice[3],
            BusNetworkPrice[3] + 2 * (0.001 + 1e-6 * 12.5),
            BusNetworkPrice[3] + 2 * (0.001 + 1e-6 * 60),
        ];
        public static readonly double TradePriceAb = BusNetworkPrice[3] + 0.001 + 1e-6 * 12.5;
        public static readonly double TradePriceAc = BusNetworkPrice[3] + 0.001 + 1e-6 * 60;

        /// <summary>Per slot of <see cref="ToyScenario.Build"/>'s graph: A-B, A-C, B-A, C-A.</summary>
        public static readonly double[] TradesKw = [12.5, 60, -12.5, -60];
        public static readonly double[] TradePrice = [TradePriceAb, TradePriceAc, TradePriceAb, TradePriceAc];

        // (g, sUsed, d, m, x) per prosumer, kW
        public static readonly double[][] Decisions =
        [
            [0, 75, 0, 0, 0],
            [0, 0, 7.5, 0, 0],
            [10, 0, 60, 0, 0],
        ];
        public static readonly double[] Cost = [0.074378125, -0.474921875, -7.8382];
        public const double Welfare = 8.23874375;
        public const double NetworkSurplus = 7.6724875;
        public const string BindingVoltageRow = "vmax@3";
        public const string BindingFlowRow = "fmin@1-2";
    }

    /// <summary>The hand-derived market without network limits (step 0 above).</summary>
    public static class ExpectedUnconstrained
    {
        public static readonly double[] BusInjectionKw = [0, -90, -7.5, 97.5];
        public static readonly double[] TradesKw = [7.5, 90, -7.5, -90];
        public static readonly double[] BalancePrice = [0.067985, 0.07, 0.070165];
        public const double SquaredVoltageBus3 = 1.1575;
        public const double FlowKw12 = -90;
    }

    /// <summary>The toy with every network limit removed (voltage limits 0.5..1.5 p.u., no thermal limits).</summary>
    public static Scenario BuildWithoutLimits()
    {
        var toy = Build();
        var feeder = toy.Feeder.WithBranchLimits([null, null, null], "ToyScenario");
        return toy with { Feeder = feeder, VoltageLimits = new VoltageLimits(0.5, 1.5) };
    }

    /// <summary>Builds the toy scenario described above.</summary>
    public static Scenario Build()
    {
        var buses = new[]
        {
            new FeederBus(0, 0, 0),
            new FeederBus(1, 20, 10),
            new FeederBus(2, 0, 0),
            new FeederBus(3, 0, 0),
        };
        var branches = new[]
        {
            new FeederBranch(0, 1, 0.08, 0.08, 100),
            new FeederBranch(1, 2, 0.08, 0.08, 60),
            new FeederBranch(2, 3, 0.08, 0.08, 100),
        };
        var feeder = new Feeder("4-bus toy", baseKv: 0.4, baseMva: 0.1, substationVoltagePu: 1.0, buses, branches, "ToyScenario");
        ProsumerParameters[] prosumers =
        [
            new("A", Bus: 3, FixedLoadKw: 2.5, PvAvailableKw: 100, GenerationMaxKw: 0, GenerationCostQuadratic: 0.01,
                GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 0, UtilityLinear: 0, UtilityQuadratic: 0.001, RetailLimitKw: 50),
            new("B", Bus: 2, FixedLoadKw: 5, PvAvailableKw: 0, GenerationMaxKw: 0, GenerationCostQuadratic: 0.01,
                GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 40, UtilityLinear: 0.08, UtilityQuadratic: 0.002, RetailLimitKw: 50),
            new("C", Bus: 1, FixedLoadKw: 10, PvAvailableKw: 0, GenerationMaxKw: 30, GenerationCostQuadratic: 0.001,
                GenerationCostLinear: 0.1, DemandMinKw: 0, DemandMaxKw: 80, UtilityLinear: 0.18, UtilityQuadratic: 0.0005, RetailLimitKw: 50),
        ];
        var graph = new TradeGraph(3, [new TradePair(0, 1, LimitKw: 100), new TradePair(0, 2, LimitKw: 100)]);
        return new Scenario("4-bus toy", feeder, new VoltageLimits(0.95, 1.05), new RetailPrices(0.25, 0.05),
            prosumers, graph, new MarketSettings());
    }
}
