namespace P2PMarket.Prosumers;

/// <summary>A prosumer's decision from one local solve (MODEL.md sec. 2, 7 step 2). Trades are written
/// to the caller's span; every other decision variable is here.</summary>
/// <param name="GenerationKw"><c>g_i</c>, kW.</param>
/// <param name="PvUsedKw">Used PV <c>sUsed_i</c>, kW.</param>
/// <param name="FlexibleDemandKw"><c>d_i</c>, kW.</param>
/// <param name="ImportKw">Retail import <c>m_i</c>, kW.</param>
/// <param name="ExportKw">Retail export <c>x_i</c>, kW.</param>
/// <param name="InjectionKw">Bus injection <c>p_i = g + sUsed - l - d</c>, kW.</param>
/// <param name="BalancePrice">Multiplier of the power balance, $/kWh: the value to the prosumer of one more
/// kWh on the market side of its meter (trades, retail). The bus side values it at
/// <c>BalancePrice - networkPrice - tau (p - pAnchor) - InjectionBoundPrice</c>.</param>
/// <param name="Cost">The prosumer's true cost <c>C_i</c> at this decision, $ per interval (no ADMM penalty, no prices):
/// <see cref="ProsumerCost.Evaluate"/> of this decision and its trades.</param>
/// <param name="InjectionBoundPrice">Multiplier of the injection bounds <see cref="LocalPrices.InjectionMinKw"/> and
/// <see cref="LocalPrices.InjectionMaxKw"/>, $/kWh: <c>&gt;= 0</c> when <c>p</c> sits at its maximum (what one more
/// kW of envelope would be worth to the prosumer), <c>&lt;= 0</c> at its minimum, 0 when neither binds. Where the
/// multiplier is not unique (every bus-side variable at a bound) the one of smallest magnitude.</param>
public readonly record struct LocalDecision(
    double GenerationKw,
    double PvUsedKw,
    double FlexibleDemandKw,
    double ImportKw,
    double ExportKw,
    double InjectionKw,
    double BalancePrice,
    double Cost,
    double InjectionBoundPrice = 0);
