using MathNet.Numerics.LinearAlgebra;
using P2PMarket.Clearing.Numerics;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Reference;

/// <summary>
/// The social-welfare QP of a scenario (MODEL.md sec. 2, 3, 5) in the form of <see cref="QuadraticProgram"/>.
/// Variables: per prosumer i, <c>g, sUsed, d, m, x</c> at <c>5i .. 5i+4</c>; per directed slot s, the trade split
/// <c>t_s = u_s - v_s</c> with <c>u_s, v_s in [0, Tmax]</c> at <c>5N + 2s</c> and <c>5N + 2s + 1</c>, which makes the fee
/// <c>tradeFee |t_s|</c> linear (<c>tradeFee (u_s + v_s)</c>; with a positive fee one of the two is 0 at the optimum).
/// Objective <c>sum_i C_i</c>. Equality rows (signs chosen so that each multiplier is the price the model names):
/// <list type="bullet">
/// <item>rows <c>0 .. N-1</c>, balance of i: <c>-(g + sUsed - d + m - x) + sum_s t_s = -l_i</c>; multiplier = balance price <c>lambda_i</c>;</item>
/// <item>rows <c>N .. N+P-1</c>, reciprocity of pair p: <c>-(t_ij + t_ji) = 0</c>; multiplier = <c>tradePrice_ij</c>.</item>
/// </list>
/// Inequality rows: the network rows <c>A P &lt;= b</c> in the order of <see cref="NetworkConstraints"/>, with
/// <c>P_n = sum over prosumers at bus n of (g + sUsed - l - d)</c>, written as
/// <c>sum_i A[k,b(i)] (g_i + sUsed_i - d_i) &lt;= b_k + sum_i A[k,b(i)] l_i</c>; multiplier = <c>mu_k</c> in physical units.
/// </summary>
internal sealed class WelfareQp
{
    public const int PerProsumer = 5;
    public const int Generation = 0, PvUsed = 1, FlexibleDemand = 2, Import = 3, Export = 4;

    public WelfareQp(Scenario scenario, NetworkConstraints network)
    {
        Scenario = scenario;
        Network = network;
        var prosumers = scenario.Prosumers;
        var graph = scenario.Trades;
        var retail = scenario.Retail;
        ProsumerCount = prosumers.Count;
        SlotCount = graph.SlotCount;
        var nVar = PerProsumer * ProsumerCount + 2 * SlotCount;
        var nEq = ProsumerCount + graph.Pairs.Count;

        var hessian = Matrix<double>.Build.Dense(nVar, nVar);
        var linear = Vector<double>.Build.Dense(nVar);
        var lower = new double[nVar];
        var upper = new double[nVar];
        var equality = Matrix<double>.Build.Dense(nEq, nVar);
        var equalityRhs = Vector<double>.Build.Dense(nEq);

        for (var i = 0; i < ProsumerCount; i++)
        {
            var p = prosumers[i];
            int gi = Var(i, Generation), si = Var(i, PvUsed), di = Var(i, FlexibleDemand), mi = Var(i, Import), xi = Var(i, Export);
            // C_i = a g^2 + c g - (alpha d - beta d^2) + priceImport m - priceExport x + fees + friction (MODEL.md sec. 2)
            hessian[gi, gi] = 2 * p.GenerationCostQuadratic;
            linear[gi] = p.GenerationCostLinear;
            hessian[di, di] = 2 * p.UtilityQuadratic;
            linear[di] = -p.UtilityLinear;
            linear[mi] = retail.ImportPerKwh;
            linear[xi] = -retail.ExportPerKwh;
            (lower[gi], upper[gi]) = (0, p.GenerationMaxKw);
            (lower[si], upper[si]) = (0, p.PvAvailableKw);
            (lower[di], upper[di]) = (p.DemandMinKw, p.DemandMaxKw);
            (lower[mi], upper[mi]) = (0, p.RetailLimitKw);
            (lower[xi], upper[xi]) = (0, p.RetailLimitKw);

            // balance: -(g + sUsed - d + m - x) + sum_j t_ij = -l
            equality[i, gi] = -1;
            equality[i, si] = -1;
            equality[i, di] = 1;
            equality[i, mi] = -1;
            equality[i, xi] = 1;
            equalityRhs[i] = -p.FixedLoadKw;
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++)
            {
                equality[i, Up(s)] = 1;
                equality[i, Down(s)] = -1;
            }
        }

        for (var s = 0; s < SlotCount; s++)
        {
            var pair = graph.PairOf(s);
            int u = Up(s), v = Down(s);
            // fee (u + v) + gamma/2 (u - v)^2
            linear[u] = pair.FeePerKwh;
            linear[v] = pair.FeePerKwh;
            hessian[u, u] = pair.Friction;
            hessian[v, v] = pair.Friction;
            hessian[u, v] = -pair.Friction;
            hessian[v, u] = -pair.Friction;
            (lower[u], upper[u]) = (0, pair.LimitKw);
            (lower[v], upper[v]) = (0, pair.LimitKw);

            // reciprocity of the pair: -(t_ij + t_ji) = 0, one row per pair, both slots in it
            var row = ProsumerCount + graph.PairIndexOf(s);
            equality[row, u] = -1;
            equality[row, v] = 1;
        }

        var a = network.Matrix;
        var inequality = Matrix<double>.Build.Dense(network.RowCount, nVar);
        var inequalityRhs = Vector<double>.Build.Dense(network.RowCount);
        for (var k = 0; k < network.RowCount; k++)
        {
            var rhs = network.Bound[k];
            for (var i = 0; i < ProsumerCount; i++)
            {
                var coefficient = a[k, prosumers[i].Bus];
                if (coefficient == 0) continue;
                inequality[k, Var(i, Generation)] += coefficient;
                inequality[k, Var(i, PvUsed)] += coefficient;
                inequality[k, Var(i, FlexibleDemand)] -= coefficient;
                rhs += coefficient * prosumers[i].FixedLoadKw;
            }
            inequalityRhs[k] = rhs;
        }

        Program = new QuadraticProgram(hessian, linear, equality, equalityRhs, inequality, inequalityRhs, lower, upper);
    }

    public Scenario Scenario { get; }
    public NetworkConstraints Network { get; }
    public int ProsumerCount { get; }
    public int SlotCount { get; }
    public QuadraticProgram Program { get; }

    /// <summary>Index of prosumer <paramref name="prosumer"/>'s variable <paramref name="which"/> (0..4).</summary>
    public static int Var(int prosumer, int which) => PerProsumer * prosumer + which;

    /// <summary>Index of <c>u_s</c> (the selling part of slot s).</summary>
    public int Up(int slot) => PerProsumer * ProsumerCount + 2 * slot;

    /// <summary>Index of <c>v_s</c> (the buying part of slot s).</summary>
    public int Down(int slot) => PerProsumer * ProsumerCount + 2 * slot + 1;

    /// <summary>Row of the reciprocity constraint of slot s's pair.</summary>
    public int ReciprocityRow(int slot) => ProsumerCount + Scenario.Trades.PairIndexOf(slot);
}
