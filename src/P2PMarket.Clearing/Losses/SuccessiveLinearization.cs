using P2PMarket.Clearing.Admm;
using P2PMarket.Clearing.Market;
using P2PMarket.Clearing.Modes;
using P2PMarket.Grid;
using P2PMarket.Scenarios;

namespace P2PMarket.Clearing.Losses;

/// <summary>
/// The loss-aware market (MODEL.md sec. 3): successive linearization of the AC power flow. Pass 1 linearizes
/// around the passive AC operating point (no prosumer injection); each pass clears the <c>ve</c> or <c>nne</c>
/// market on the rows linearized there (<see cref="AcSensitivities.Linearize"/>: the lossless rows' labels and
/// order, exact at the point), computes the AC power flow of the cleared injections, and stops when its voltages
/// and flows satisfy the limits within the tolerances; otherwise the next pass linearizes around the cleared
/// injections. Each pass reports the linear prediction's error against the AC power flow. The DLMPs of every pass
/// carry the loss component <c>-energy * LF_n</c> with the loss factors of its linearization point (MODEL.md sec. 6);
/// it is reported, not charged in the clearing. The result is named <c>ve-loss-aware</c> or <c>nne-loss-aware</c>.
/// </summary>
/// <param name="options">Pass cap and AC tolerances; null = defaults.</param>
public sealed class SuccessiveLinearization(SuccessiveLinearizationOptions? options = null)
{
    /// <summary>Pass cap and AC tolerances.</summary>
    public SuccessiveLinearizationOptions Options { get; } = Validate(options ?? new SuccessiveLinearizationOptions());

    /// <summary>Runs the passes.</summary>
    /// <param name="scenario">The market.</param>
    /// <param name="mode"><see cref="MarketMode.Variational"/> or <see cref="MarketMode.Normalized"/>.</param>
    /// <param name="runOptions">ADMM settings, weights and tolerances of each clearing.</param>
    /// <param name="ports">Opens the two ports of each clearing (the operator is given the re-linearized rows).</param>
    /// <param name="progress">Receives every ADMM iteration of every pass (may be null).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <exception cref="ArgumentException"><paramref name="mode"/> does not price the network.</exception>
    public async Task<SuccessiveLinearizationResult> RunAsync(Scenario scenario, MarketMode mode, ModeRunOptions runOptions, IMarketPorts ports,
        IProgress<AdmmIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        if (mode is not (MarketMode.Variational or MarketMode.Normalized))
            throw new ArgumentException($"the loss-aware market prices the network: expected mode Variational or Normalized, got {mode}", nameof(mode));
        var feeder = scenario.Feeder;
        var lossless = scenario.BuildNetworkConstraints();
        var limits = scenario.VoltageLimits;
        var name = $"{ModeRun.NameOf(mode)}-loss-aware";
        var runner = new MarketModeRunner();
        var powerFlow = new AcPowerFlow();
        var point = new double[feeder.BusCount];
        var passes = new List<LinearizationPass>();

        for (var pass = 1; pass <= Options.MaxPasses; pass++)
        {
            // 1. Linearize around the point, clear on those rows.
            var sensitivities = AcSensitivities.At(feeder, point, powerFlow);
            var rows = sensitivities.Linearize(lossless);
            var run = await runner.RunAsync(scenario, mode, runOptions, ports, rows, sensitivities.LossFactor, name, progress, cancellationToken);

            // 2. AC power flow of the cleared injections against the linear prediction.
            var cleared = MarketModeRunner.BusInjection(scenario, run.Cleared.Decisions);
            var ac = powerFlow.Solve(feeder, cleared);
            var at = sensitivities.OperatingPoint;
            var step = new double[feeder.BusCount];
            for (var n = 1; n < feeder.BusCount; n++) step[n] = cleared[n] - point[n];
            double voltageError = 0, voltageViolation = 0, flowError = 0, flowViolation = 0, lossLinear = at.LossKw, stepKw = 0;
            for (var n = 1; n < feeder.BusCount; n++)
            {
                var w = at.VoltagePu[n] * at.VoltagePu[n];
                for (var k = 1; k < feeder.BusCount; k++) w += sensitivities.SquaredVoltageSensitivity[n, k] * step[k];
                voltageError = Math.Max(voltageError, Math.Abs(Math.Sqrt(Math.Max(w, 0)) - ac.VoltagePu[n]));
                voltageViolation = Math.Max(voltageViolation, Math.Max(limits.MinPu - ac.VoltagePu[n], ac.VoltagePu[n] - limits.MaxPu));
                lossLinear += sensitivities.LossFactor[n] * step[n];
                stepKw = Math.Max(stepKw, Math.Abs(step[n]));
            }
            for (var l = 0; l < feeder.Branches.Count; l++)
            {
                var flow = at.SendingFlowKw[l];
                for (var k = 1; k < feeder.BusCount; k++) flow += sensitivities.FlowSensitivity[l, k] * step[k];
                flowError = Math.Max(flowError, Math.Abs(flow - ac.SendingFlowKw[l]));
                if (feeder.Branches[l].LimitKw is { } limit) flowViolation = Math.Max(flowViolation, Math.Abs(ac.SendingFlowKw[l]) - limit);
            }
            voltageViolation = Math.Max(0, voltageViolation);
            flowViolation = Math.Max(0, flowViolation);
            var feasible = ac.Converged && voltageViolation <= Options.VoltageTolerancePu && flowViolation <= Options.FlowToleranceKw;
            passes.Add(new LinearizationPass(pass, point, run, voltageError, flowError, Math.Abs(lossLinear - ac.LossKw),
                voltageViolation, flowViolation, feasible, stepKw));
            if (feasible) return new SuccessiveLinearizationResult(passes, true);

            // 3. Re-linearize around the cleared injections.
            point = cleared;
        }
        return new SuccessiveLinearizationResult(passes, false);
    }

    private static SuccessiveLinearizationOptions Validate(SuccessiveLinearizationOptions options)
    {
        if (options.MaxPasses < 1)
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxPasses: expected at least 1 pass, got {options.MaxPasses}");
        if (!(options.VoltageTolerancePu >= 0) || !(options.FlowToleranceKw >= 0))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"VoltageTolerancePu, FlowToleranceKw: expected non-negative tolerances, got {options.VoltageTolerancePu} p.u., {options.FlowToleranceKw} kW");
        return options;
    }
}
