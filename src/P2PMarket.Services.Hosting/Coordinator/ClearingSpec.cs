using P2PMarket.Clearing.Admm;
using MarketLayoutFactory = P2PMarket.Clearing.Market.MarketLayoutFactory;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>A validated clearing request: what to clear, in which mode, with which settings.</summary>
/// <param name="ScenarioId">Scenario id.</param>
/// <param name="Scenario">The resolved scenario (the coordinator reads only its public layout).</param>
/// <param name="Mode">Market mode.</param>
/// <param name="Weights">Per prosumer NNE weight <c>r_i</c> (all 1 outside NNE).</param>
/// <param name="Options">ADMM settings (the scenario's, overridden by the request).</param>
public sealed record ClearingSpec(string ScenarioId, Scenario Scenario, MarketMode Mode, double[] Weights, AdmmOptions Options)
{
    /// <summary>Validates <paramref name="request"/>; throws <c>INVALID_ARGUMENT</c> or <c>NOT_FOUND</c> naming the field.</summary>
    public static ClearingSpec From(StartClearingRequest request, Func<string, Scenario> resolve)
    {
        if (request.Mode is not (MarketMode.Unconstrained or MarketMode.Ve or MarketMode.Nne))
            throw ServiceErrors.InvalidArgument("mode", $"MARKET_MODE_UNCONSTRAINED, MARKET_MODE_VE or MARKET_MODE_NNE, got {request.Mode}");
        RequireOptional(request.RelativeTolerance, "relative_tolerance");
        RequireOptional(request.AbsoluteTolerance, "absolute_tolerance");
        RequireOptional(request.InitialRho, "initial_rho");
        if (request.MaxIterations < 0) throw ServiceErrors.InvalidArgument("max_iterations", $"a count >= 0 (0 = the scenario's), got {request.MaxIterations}");
        var scenario = resolve(request.ScenarioId);
        var prosumers = scenario.Prosumers.Count;

        double[] weights;
        if (request.Mode == MarketMode.Nne)
        {
            if (request.Weights.Count == 0) weights = scenario.Prosumers.Select(p => p.Weight).ToArray();
            else
            {
                if (request.Weights.Count != prosumers)
                    throw ServiceErrors.InvalidArgument("weights", $"{prosumers} values (one per prosumer of '{request.ScenarioId}') or none, got {request.Weights.Count}");
                for (var i = 0; i < prosumers; i++)
                    if (!(double.IsFinite(request.Weights[i]) && request.Weights[i] > 0))
                        throw ServiceErrors.InvalidArgument($"weights[{i}]", $"a finite weight > 0, got {request.Weights[i]}");
                weights = request.Weights.ToArray();
            }
        }
        else
        {
            if (request.Weights.Count > 0)
                throw ServiceErrors.InvalidArgument("weights", $"no weights for {request.Mode} (weights apply to MARKET_MODE_NNE), got {request.Weights.Count}");
            weights = Enumerable.Repeat(1.0, prosumers).ToArray();
        }

        var settings = scenario.Settings;
        var defaults = new AdmmOptions();
        var options = defaults with
        {
            RelativeTolerance = request.RelativeTolerance > 0 ? request.RelativeTolerance : settings.RelativeTolerance,
            AbsoluteTolerance = request.AbsoluteTolerance > 0 ? request.AbsoluteTolerance : settings.AbsoluteTolerance,
            MaxIterations = request.MaxIterations > 0 ? request.MaxIterations : settings.MaxIterations,
            InitialRho = request.InitialRho > 0 ? request.InitialRho : settings.InitialRho ?? defaults.InitialRho,
            UseNetwork = request.Mode != MarketMode.Unconstrained,
        };
        return new ClearingSpec(request.ScenarioId, scenario, request.Mode, weights, options);
    }

    /// <summary>The coordinator's view of the market: graph, buses, weights; no costs, no impedances.</summary>
    public MarketLayout Layout => MarketLayoutFactory.Create(Scenario, Weights);

    private static void RequireOptional(double value, string field)
    {
        if (!(double.IsFinite(value) && value >= 0)) throw ServiceErrors.InvalidArgument(field, $"a finite number >= 0 (0 = the default), got {value}");
    }
}
