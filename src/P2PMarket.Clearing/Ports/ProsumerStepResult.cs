using P2PMarket.Prosumers;

namespace P2PMarket.Clearing.Ports;

/// <summary>What the prosumers return for one iteration (MODEL.md sec. 7 step 2), in global indexing.</summary>
public sealed class ProsumerStepResult(int prosumerCount, int slotCount)
{
    /// <summary>Per slot: the new trade <c>t_ij^{k+1}</c>, kW (positive = i sells to j).</summary>
    public double[] Trades { get; } = new double[slotCount];

    /// <summary>Per prosumer: the new bus injection <c>p_i^{k+1}</c>, kW.</summary>
    public double[] InjectionKw { get; } = new double[prosumerCount];

    /// <summary>Per prosumer: every decision variable, filled only when the request asks for it.</summary>
    public LocalDecision[] Decisions { get; } = new LocalDecision[prosumerCount];
}
