using P2PMarket.Clearing.Ports;
using P2PMarket.Grid;
using P2PMarket.Protos.V1;
using P2PMarket.Scenarios;
using P2PMarket.Services.Hosting.Protocol;

namespace P2PMarket.Services.Hosting.NetworkOperator;

/// <summary>Maps the operator's domain results to its messages.</summary>
public static class NetworkMessages
{
    /// <summary>The message of one price update (exactly the fields of <see cref="NetworkStepResult"/>).</summary>
    public static NetworkStepOutput ToOutput(NetworkStepResult result)
    {
        var output = new NetworkStepOutput
        {
            ViolationNorm = result.ViolationNorm,
            MaxViolation = result.MaxViolation,
            RowActivityNorm = result.RowActivityNorm,
            MultiplierChangeNorm = result.MultiplierChangeNorm,
            MultiplierNorm = result.MultiplierNorm,
        };
        ProtoArrays.Fill(output.BusPrice, result.BusPrice);
        ProtoArrays.Fill(output.Multiplier, result.Multiplier);
        ProtoArrays.Fill(output.HeadroomUpKw, result.HeadroomUpKw);
        ProtoArrays.Fill(output.HeadroomDownKw, result.HeadroomDownKw);
        return output;
    }

    /// <summary>The public summary of a scenario's feeder and limits (no impedances).</summary>
    public static GetFeederResponse ToFeederSummary(Scenario scenario, NetworkConstraints constraints)
    {
        var feeder = scenario.Feeder;
        var response = new GetFeederResponse
        {
            FeederName = feeder.Name,
            BusCount = feeder.BusCount,
            BaseKv = feeder.BaseKv,
            BaseMva = feeder.BaseMva,
            SubstationVoltagePu = feeder.SubstationVoltagePu,
            VoltageMinPu = scenario.VoltageLimits.MinPu,
            VoltageMaxPu = scenario.VoltageLimits.MaxPu,
            PassiveLoadKw = feeder.Buses.Sum(b => b.LoadKw),
            PassiveLoadKvar = feeder.Buses.Sum(b => b.LoadKvar),
        };
        response.BusLabels.Add(feeder.Buses.Select(b => b.Label));
        response.BranchFromBus.Add(feeder.Branches.Select(b => feeder.Buses[b.ParentIndex].Label));
        response.BranchToBus.Add(feeder.Branches.Select(b => feeder.Buses[b.ChildIndex].Label));
        response.BranchLimitKw.Add(feeder.Branches.Select(b => b.LimitKw ?? double.PositiveInfinity));
        response.RowLabels.Add(constraints.Labels);
        return response;
    }

    /// <summary>AC power flow (backward/forward sweep) and the LinDistFlow prediction of the same injections.</summary>
    public static SolvePowerFlowResponse SolvePowerFlow(Scenario scenario, LinDistFlow model, double[] busInjectionKw)
    {
        var ac = new AcPowerFlow().Solve(scenario.Feeder, busInjectionKw);
        var response = new SolvePowerFlowResponse
        {
            LossKw = ac.LossKw,
            LossKvar = ac.LossKvar,
            Sweeps = ac.Iterations,
            Converged = ac.Converged,
        };
        ProtoArrays.Fill(response.VoltagePu, ac.VoltagePu);
        ProtoArrays.Fill(response.SendingFlowKw, ac.SendingFlowKw);
        ProtoArrays.Fill(response.SendingFlowKvar, ac.SendingFlowKvar);
        response.LinearVoltagePu.Add(model.SquaredVoltage(busInjectionKw).Select(Math.Sqrt));
        ProtoArrays.Fill(response.LinearFlowKw, model.FlowKw(busInjectionKw));
        return response;
    }
}
