using P2PMarket.Clearing.Admm;
using MarketLayoutFactory = P2PMarket.Clearing.Market.MarketLayoutFactory;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.Coordinator;

/// <summary>A validated clearing request: what to clear, in which mode, with which settings. It keeps only the
/// coordinator's part of the scenario (DESIGN.md "Roles"): the layout (graph, buses, weights) and the public labels;
/// no costs, no impedances.</summary>
/// <param name="ScenarioId">Scenario id.</param>
/// <param name="Mode">Market mode.</param>
/// <param name="Layout">Trading graph, prosumer buses and NNE weights <c>r_i</c> (all 1 outside NNE).</param>
/// <param name="ProsumerIds">Per prosumer: its id.</param>
/// <param name="BusLabels">Per bus (internal order): its original number.</param>
/// <param name="Options">ADMM settings (the scenario's, overridden by the request).</param>
public sealed record ClearingSpec(string ScenarioId, MarketMode Mode, MarketLayout Layout, string[] ProsumerIds, int[] BusLabels, AdmmOptions Options)
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
        return new ClearingSpec(request.ScenarioId, request.Mode, MarketLayoutFactory.Create(scenario, weights),
            scenario.Prosumers.Select(p => p.Id).ToArray(), scenario.Feeder.Buses.Select(b => b.Label).ToArray(), options);
    }

    private static void RequireOptional(double value, string field)
    {
        if (!(double.IsFinite(value) && value >= 0)) throw ServiceErrors.InvalidArgument(field, $"a finite number >= 0 (0 = the default), got {value}");
    }
}
