namespace P2PMarket.Grid;

/// <summary>
/// Invalid feeder data. The message names the source (file), the row (1-based data row, or null for
/// whole-feeder problems such as a cycle), the field and what was expected.
/// </summary>
public sealed class FeederDataException(string source, int? row, string field, string expectation)
    : Exception(Format(source, row, field, expectation))
{
    /// <summary>File or other origin of the data, e.g. <c>branches.csv</c>.</summary>
    public string DataSource { get; } = source;

    /// <summary>1-based data row (header excluded), or null.</summary>
    public int? Row { get; } = row;

    /// <summary>The offending field (column name).</summary>
    public string Field { get; } = field;

    /// <summary>What was expected of the field.</summary>
    public string Expectation { get; } = expectation;

    private static string Format(string source, int? row, string field, string expectation) =>
        row is null ? $"{source}: field '{field}': {expectation}" : $"{source}, row {row}: field '{field}': {expectation}";
}
