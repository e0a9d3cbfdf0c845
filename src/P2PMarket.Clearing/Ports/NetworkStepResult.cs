namespace P2PMarket.Clearing.Ports;

/// <summary>What the network operator returns for one iteration (MODEL.md sec. 7 step 4).</summary>
public sealed class NetworkStepResult(int busCount, int rowCount)
{
    /// <summary>Per bus: <c>eta = A^T mu</c>, $/kWh charged per kW injected.</summary>
    public double[] BusPrice { get; } = new double[busCount];

    /// <summary>Per network row: <c>mu_k &gt;= 0</c> in the physical units of MODEL.md sec. 3.</summary>
    public double[] Multiplier { get; } = new double[rowCount];

    /// <summary>Per bus: how much more a prosumer there could inject with everyone else fixed, kW
    /// (<c>OEmax_i = p_i + HeadroomUpKw[b(i)]</c>; +infinity if no row limits it; negative if already violated).</summary>
    public double[] HeadroomUpKw { get; } = new double[busCount];

    /// <summary>Per bus: how much less it could inject, kW, as a non-positive number
    /// (<c>OEmin_i = p_i + HeadroomDownKw[b(i)]</c>; -infinity if unlimited).</summary>
    public double[] HeadroomDownKw { get; } = new double[busCount];

    /// <summary>Norm of the violation <c>||max(0, A P - b)||</c> on row-normalized rows, kW of injection.</summary>
    public double ViolationNorm { get; set; }

    /// <summary>Largest violation on row-normalized rows, kW of injection.</summary>
    public double MaxViolation { get; set; }

    /// <summary>Norm of <c>A P</c> on row-normalized rows, kW, for relative tolerances.</summary>
    public double RowActivityNorm { get; set; }

    /// <summary>Norm of the change of the row-normalized multipliers, $/kWh (the network dual residual).</summary>
    public double MultiplierChangeNorm { get; set; }

    /// <summary>Norm of the row-normalized multipliers, $/kWh, for relative tolerances.</summary>
    public double MultiplierNorm { get; set; }
}
