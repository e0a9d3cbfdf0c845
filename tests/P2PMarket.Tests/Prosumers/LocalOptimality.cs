using P2PMarket.Prosumers;

namespace P2PMarket.Tests.Prosumers;

/// <summary>
/// Independent checks of a local solution, written from MODEL.md sec. 2 and 7 without the solver's closed forms:
/// the local objective, the KKT conditions of every variable, and a brute-force projected-gradient reference.
/// Variables are laid out as <c>[g, sUsed, d, m, x, t_1..t_n]</c>; the balance is
/// <c>g + sUsed - d + m - x - sum t = l</c>; the injection <c>p = g + sUsed - l - d</c> stays within
/// <c>[InjectionMinKw, InjectionMaxKw]</c> of the problem's prices, and each trade within the problem's limit
/// (<see cref="LocalProblem.LimitKw"/>, overrides included).
/// </summary>
public static class LocalOptimality
{
    private const int G = 0, Pv = 1, D = 2, M = 3, X = 4, FirstTrade = 5;

    public static double[] Pack(in LocalDecision decision, ReadOnlySpan<double> trades)
    {
        var v = new double[FirstTrade + trades.Length];
        v[G] = decision.GenerationKw;
        v[Pv] = decision.PvUsedKw;
        v[D] = decision.FlexibleDemandKw;
        v[M] = decision.ImportKw;
        v[X] = decision.ExportKw;
        trades.CopyTo(v.AsSpan(FirstTrade));
        return v;
    }

    public static double BalanceCoefficient(int variable) => variable is G or Pv or M ? 1 : -1;

    /// <summary>Coefficient of a variable in the injection <c>p = g + sUsed - l - d</c>.</summary>
    public static double InjectionCoefficient(int variable) => variable switch { G or Pv => 1, D => -1, _ => 0 };

    public static (double Low, double High) Bounds(LocalProblem problem, int variable)
    {
        var p = problem.Prosumer;
        return variable switch
        {
            G => (0, p.GenerationMaxKw),
            Pv => (0, p.PvAvailableKw),
            D => (p.DemandMinKw, p.DemandMaxKw),
            M or X => (0, p.RetailLimitKw),
            _ => (-problem.LimitKw(variable - FirstTrade), problem.LimitKw(variable - FirstTrade)),
        };
    }

    public static double Injection(LocalProblem problem, double[] v) => v[G] + v[Pv] - problem.Prosumer.FixedLoadKw - v[D];

    public static double BalanceResidual(LocalProblem problem, double[] v)
    {
        var residual = -problem.Prosumer.FixedLoadKw;
        for (var i = 0; i < v.Length; i++) residual += BalanceCoefficient(i) * v[i];
        return residual;
    }

    /// <summary>True cost <c>C_i</c>, $ per interval, written out from MODEL.md sec. 2.</summary>
    public static double TrueCost(LocalProblem problem, double[] v)
    {
        var p = problem.Prosumer;
        var cost = p.GenerationCostQuadratic * v[G] * v[G] + p.GenerationCostLinear * v[G]
            - (p.UtilityLinear * v[D] - p.UtilityQuadratic * v[D] * v[D])
            + problem.Retail.ImportPerKwh * v[M] - problem.Retail.ExportPerKwh * v[X];
        for (var k = 0; k < problem.PartnerCount; k++)
        {
            var t = v[FirstTrade + k];
            var pair = problem.Pair(k);
            cost += pair.FeePerKwh * Math.Abs(t) + pair.Friction / 2 * t * t;
        }
        return cost;
    }

    /// <summary>The local objective of MODEL.md sec. 7 step 2 with the injection proximal term.</summary>
    public static double Objective(LocalProblem problem, double[] v)
    {
        var prices = problem.Prices;
        var injection = Injection(problem, v);
        var objective = TrueCost(problem, v) + prices.NetworkPrice * injection
            + prices.InjectionProximal / 2 * (injection - prices.InjectionAnchorKw) * (injection - prices.InjectionAnchorKw);
        for (var k = 0; k < problem.PartnerCount; k++)
        {
            var t = v[FirstTrade + k];
            var gap = t - problem.TradeAnchor[k];
            objective += -problem.TradePrice[k] * t + prices.Rho / 2 * gap * gap;
        }
        return objective;
    }

    /// <summary>KKT of every variable with multipliers <paramref name="balancePrice"/> (balance) and
    /// <paramref name="boundPrice"/> (injection bounds): the one-sided derivatives of the Lagrangian
    /// <c>f + lambda (sum t - m + x - p) + nu p</c> are nonnegative in every direction the variable bounds allow, the
    /// injection is within its bounds (to 1e-9 kW), and <c>nu</c> has the sign of the bound it prices (<c>nu &gt; 0</c>
    /// only at the maximum, <c>nu &lt; 0</c> only at the minimum). Returns null or the first violation.</summary>
    public static string? KktViolation(LocalProblem problem, double[] v, double balancePrice, double tolerance, double boundPrice = 0)
    {
        var p = problem.Prosumer;
        var prices = problem.Prices;
        var injection = Injection(problem, v);
        const double injectionTolerance = 1e-9;
        if (injection > prices.InjectionMaxKw + injectionTolerance || injection < prices.InjectionMinKw - injectionTolerance)
            return $"injection {injection} outside [{prices.InjectionMinKw}, {prices.InjectionMaxKw}]";
        if (boundPrice > tolerance && injection < prices.InjectionMaxKw - injectionTolerance)
            return $"bound multiplier {boundPrice} > 0 but the injection {injection} is below its maximum {prices.InjectionMaxKw}";
        if (boundPrice < -tolerance && injection > prices.InjectionMinKw + injectionTolerance)
            return $"bound multiplier {boundPrice} < 0 but the injection {injection} is above its minimum {prices.InjectionMinKw}";
        var busValue = balancePrice - prices.NetworkPrice - prices.InjectionProximal * (injection - prices.InjectionAnchorKw) - boundPrice;
        for (var i = 0; i < v.Length; i++)
        {
            double up, down;
            switch (i)
            {
                case G: up = 2 * p.GenerationCostQuadratic * v[G] + p.GenerationCostLinear - busValue; down = -up; break;
                case Pv: up = -busValue; down = -up; break;
                case D: up = -p.UtilityLinear + 2 * p.UtilityQuadratic * v[D] + busValue; down = -up; break;
                case M: up = problem.Retail.ImportPerKwh - balancePrice; down = -up; break;
                case X: up = -problem.Retail.ExportPerKwh + balancePrice; down = -up; break;
                default:
                    var k = i - FirstTrade;
                    var pair = problem.Pair(k);
                    var t = v[i];
                    var smooth = pair.Friction * t - problem.TradePrice[k] + prices.Rho * (t - problem.TradeAnchor[k]) + balancePrice;
                    up = smooth + (t >= 0 ? pair.FeePerKwh : -pair.FeePerKwh);
                    down = -smooth + (t > 0 ? -pair.FeePerKwh : pair.FeePerKwh);
                    break;
            }
            var (low, high) = Bounds(problem, i);
            if (v[i] < low - 1e-12 || v[i] > high + 1e-12) return $"variable {i} = {v[i]} outside [{low}, {high}]";
            if (v[i] < high && up < -tolerance) return $"variable {i} = {v[i]} in [{low}, {high}]: increasing it gains {up}/kW";
            if (v[i] > low && down < -tolerance) return $"variable {i} = {v[i]} in [{low}, {high}]: decreasing it gains {down}/kW";
        }
        return null;
    }

    /// <summary>
    /// Brute-force reference: accelerated projected gradient (FISTA with restart) on the smooth split formulation
    /// <c>t = tPlus - tMinus</c>, <c>tPlus, tMinus in [0, Tmax]</c>, projecting on box, balance and injection bounds by
    /// bisection on the balance multiplier <c>nu</c> (the bus variables' sum clipped to the injection bounds, since the
    /// bound's multiplier only shifts theirs) and then on the bus variables' shifted multiplier. Returns the
    /// objective at its last (feasible) iterate: an upper bound on the optimum.
    /// </summary>
    public static double ProjectedGradientObjective(LocalProblem problem, int iterations)
    {
        var n = problem.PartnerCount;
        var size = FirstTrade + 2 * n;
        var low = new double[size];
        var high = new double[size];
        var coefficient = new double[size];
        for (var i = 0; i < FirstTrade; i++)
        {
            (low[i], high[i]) = Bounds(problem, i);
            coefficient[i] = BalanceCoefficient(i);
        }
        for (var k = 0; k < n; k++)
        {
            high[FirstTrade + 2 * k] = high[FirstTrade + 2 * k + 1] = problem.LimitKw(k);
            coefficient[FirstTrade + 2 * k] = -1;
            coefficient[FirstTrade + 2 * k + 1] = 1;
        }
        var p = problem.Prosumer;
        var prices = problem.Prices;
        var fee = new double[n];
        var friction = new double[n];
        for (var k = 0; k < n; k++) (fee[k], friction[k]) = (problem.Pair(k).FeePerKwh, problem.Pair(k).Friction);
        var lipschitz = 2 * Math.Max(p.GenerationCostQuadratic, p.UtilityQuadratic) + 3 * prices.InjectionProximal;
        for (var k = 0; k < n; k++) lipschitz = Math.Max(lipschitz, 2 * (friction[k] + prices.Rho));
        var step = 1 / lipschitz;

        // the split objective: fee (tPlus + tMinus) in place of fee |t|, otherwise Objective
        double SplitObjective(double[] z)
        {
            var injection = z[G] + z[Pv] - p.FixedLoadKw - z[D];
            var value = p.GenerationCostQuadratic * z[G] * z[G] + p.GenerationCostLinear * z[G]
                - (p.UtilityLinear * z[D] - p.UtilityQuadratic * z[D] * z[D])
                + problem.Retail.ImportPerKwh * z[M] - problem.Retail.ExportPerKwh * z[X]
                + prices.NetworkPrice * injection
                + prices.InjectionProximal / 2 * (injection - prices.InjectionAnchorKw) * (injection - prices.InjectionAnchorKw);
            for (var k = 0; k < n; k++)
            {
                var plus = z[FirstTrade + 2 * k];
                var minus = z[FirstTrade + 2 * k + 1];
                var t = plus - minus;
                var gap = t - problem.TradeAnchor[k];
                value += fee[k] * (plus + minus) + friction[k] / 2 * t * t - problem.TradePrice[k] * t + prices.Rho / 2 * gap * gap;
            }
            return value;
        }
        double[] Unsplit(double[] z)
        {
            var v = new double[FirstTrade + n];
            Array.Copy(z, v, FirstTrade);
            for (var k = 0; k < n; k++) v[FirstTrade + k] = z[FirstTrade + 2 * k] - z[FirstTrade + 2 * k + 1];
            return v;
        }
        void Gradient(double[] z, double[] gradient)
        {
            var injection = z[G] + z[Pv] - p.FixedLoadKw - z[D];
            var bus = prices.NetworkPrice + prices.InjectionProximal * (injection - prices.InjectionAnchorKw);
            gradient[G] = 2 * p.GenerationCostQuadratic * z[G] + p.GenerationCostLinear + bus;
            gradient[Pv] = bus;
            gradient[D] = -p.UtilityLinear + 2 * p.UtilityQuadratic * z[D] - bus;
            gradient[M] = problem.Retail.ImportPerKwh;
            gradient[X] = -problem.Retail.ExportPerKwh;
            for (var k = 0; k < n; k++)
            {
                var t = z[FirstTrade + 2 * k] - z[FirstTrade + 2 * k + 1];
                var smooth = friction[k] * t - problem.TradePrice[k] + prices.Rho * (t - problem.TradeAnchor[k]);
                gradient[FirstTrade + 2 * k] = smooth + fee[k];
                gradient[FirstTrade + 2 * k + 1] = -smooth + fee[k];
            }
        }
        // bus variables g, sUsed, d come first and have the same coefficient in the balance and in the injection
        var busLow = p.FixedLoadKw + prices.InjectionMinKw;
        var busHigh = p.FixedLoadKw + prices.InjectionMaxKw;
        void Project(double[] y, double[] result)
        {
            double Sum(double nu, int from, int to)
            {
                var sum = 0.0;
                for (var i = from; i < to; i++) sum += coefficient[i] * Math.Clamp(y[i] - nu * coefficient[i], low[i], high[i]);
                return sum;
            }
            double Bisect(Func<double, double> decreasing, double target, double reach)
            {
                double a = -2 * reach, b = 2 * reach;
                for (var iteration = 0; iteration < 60; iteration++)
                {
                    var middle = (a + b) / 2;
                    if (decreasing(middle) > target) a = middle; else b = middle;
                }
                return (a + b) / 2;
            }
            var reach = 1.0;
            for (var i = 0; i < size; i++) reach = Math.Max(reach, Math.Abs(y[i]) + Math.Abs(low[i]) + Math.Abs(high[i]));
            var nu = Bisect(x => Math.Clamp(Sum(x, 0, M), busLow, busHigh) + Sum(x, M, size), p.FixedLoadKw, reach);
            var busTarget = Math.Clamp(Sum(nu, 0, M), busLow, busHigh);
            var busNu = busTarget == Sum(nu, 0, M) ? nu : Bisect(x => Sum(x, 0, M), busTarget, reach);
            for (var i = 0; i < size; i++) result[i] = Math.Clamp(y[i] - (i < M ? busNu : nu) * coefficient[i], low[i], high[i]);
        }

        var x = new double[size];
        var previous = new double[size];
        var y = new double[size];
        var gradientBuffer = new double[size];
        var trial = new double[size];
        Project(x, x);
        Array.Copy(x, y, size);
        var momentum = 1.0;
        var current = SplitObjective(x);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Gradient(y, gradientBuffer);
            for (var i = 0; i < size; i++) trial[i] = y[i] - step * gradientBuffer[i];
            Array.Copy(x, previous, size);
            Project(trial, x);
            var value = SplitObjective(x);
            if (value > current)
            {
                // adaptive restart (O'Donoghue and Candes 2015)
                momentum = 1;
                Array.Copy(x, y, size);
            }
            else
            {
                var next = (1 + Math.Sqrt(1 + 4 * momentum * momentum)) / 2;
                for (var i = 0; i < size; i++) y[i] = x[i] + (momentum - 1) / next * (x[i] - previous[i]);
                momentum = next;
            }
            current = value;
        }
        return Objective(problem, Unsplit(x));
    }
}
