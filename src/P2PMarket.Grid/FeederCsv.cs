using System.Globalization;

namespace P2PMarket.Grid;

/// <summary>
/// Reads a feeder from two CSV files: buses (<c>bus,p_kw,q_kvar</c>) and branches
/// (<c>from_bus,to_bus,r_ohm,x_ohm</c>, optional <c>limit_kw</c>, empty = unlimited), as in
/// <c>data/ieee69/</c>. The substation is the one bus that no branch feeds.
/// </summary>
public static class FeederCsv
{
    /// <summary>Loads and validates a feeder.</summary>
    /// <exception cref="FeederDataException">A file, row or field is invalid; the message names it.</exception>
    public static Feeder Load(string name, double baseKv, double baseMva, double substationVoltagePu,
        TextReader busCsv, string busSource, TextReader branchCsv, string branchSource)
    {
        var busRows = ReadRows(busCsv, busSource, ["bus", "p_kw", "q_kvar"], []);
        var branchRows = ReadRows(branchCsv, branchSource, ["from_bus", "to_bus", "r_ohm", "x_ohm"], ["limit_kw"]);

        var dataBuses = busRows.Select((r, i) => new FeederBus(
            ParseInt(r, "bus", busSource, i + 1),
            ParseDouble(r, "p_kw", busSource, i + 1),
            ParseDouble(r, "q_kvar", busSource, i + 1))).ToList();
        var labelRow = new Dictionary<int, int>();
        for (var i = 0; i < dataBuses.Count; i++)
            if (!labelRow.TryAdd(dataBuses[i].Label, i))
                throw new FeederDataException(busSource, i + 1, "bus", $"a unique bus number; bus {dataBuses[i].Label} appears twice");

        var links = new List<(int From, int To, double R, double X, double? Limit)>();
        var fed = new HashSet<int>();
        for (var i = 0; i < branchRows.Count; i++)
        {
            var row = i + 1;
            var from = ParseInt(branchRows[i], "from_bus", branchSource, row);
            var to = ParseInt(branchRows[i], "to_bus", branchSource, row);
            if (!labelRow.ContainsKey(from)) throw new FeederDataException(branchSource, row, "from_bus", $"a bus listed in {busSource}; bus {from} is not");
            if (!labelRow.ContainsKey(to)) throw new FeederDataException(branchSource, row, "to_bus", $"a bus listed in {busSource}; bus {to} is not");
            if (from == to) throw new FeederDataException(branchSource, row, "to_bus", $"a bus other than from_bus {from}");
            if (!fed.Add(to))
                throw new FeederDataException(branchSource, row, "to_bus",
                    $"each bus fed by one branch (from_bus is the upstream end); bus {to} is fed twice, so the feeder is not radial");
            double? limit = branchRows[i].TryGetValue("limit_kw", out var text) && !string.IsNullOrWhiteSpace(text)
                ? ParseDouble(branchRows[i], "limit_kw", branchSource, row)
                : null;
            links.Add((from, to, ParseDouble(branchRows[i], "r_ohm", branchSource, row), ParseDouble(branchRows[i], "x_ohm", branchSource, row), limit));
        }

        var roots = dataBuses.Where(b => !fed.Contains(b.Label)).Select(b => b.Label).ToList();
        if (roots.Count != 1)
            throw new FeederDataException(branchSource, null, "to_bus",
                $"exactly one substation (a bus no branch feeds); found {roots.Count}: {string.Join(", ", roots.Take(10))}");

        // Internal order: substation first, then the bus data order.
        var ordered = dataBuses.Where(b => b.Label == roots[0]).Concat(dataBuses.Where(b => b.Label != roots[0])).ToList();
        var index = ordered.Select((b, i) => (b.Label, i)).ToDictionary(t => t.Label, t => t.i);
        var branches = links.Select(b => new FeederBranch(index[b.From], index[b.To], b.R, b.X, b.Limit)).ToList();
        return new Feeder(name, baseKv, baseMva, substationVoltagePu, ordered, branches, branchSource);
    }

    private static List<Dictionary<string, string>> ReadRows(TextReader reader, string source, string[] required, string[] optional)
    {
        var header = reader.ReadLine() ?? throw new FeederDataException(source, null, "header", $"a header line with columns {string.Join(",", required)}");
        var columns = header.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
        foreach (var column in required)
            if (!columns.Contains(column))
                throw new FeederDataException(source, null, column, $"a column named '{column}' in the header '{header}'");
        foreach (var column in columns)
            if (!required.Contains(column) && !optional.Contains(column))
                throw new FeederDataException(source, null, column,
                    $"only the columns {string.Join(",", required.Concat(optional))}; '{column}' is unknown");
        var rows = new List<Dictionary<string, string>>();
        string? line;
        var number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            number++;
            var cells = line.Split(',');
            if (cells.Length != columns.Length)
                throw new FeederDataException(source, number, "row", $"{columns.Length} comma-separated values, got {cells.Length}");
            rows.Add(columns.Zip(cells).ToDictionary(p => p.First, p => p.Second.Trim()));
        }
        return rows;
    }

    private static int ParseInt(Dictionary<string, string> row, string field, string source, int number) =>
        int.TryParse(row[field], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FeederDataException(source, number, field, $"an integer bus number, got '{row[field]}'");

    private static double ParseDouble(Dictionary<string, string> row, string field, string source, int number) =>
        double.TryParse(row[field], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new FeederDataException(source, number, field, $"a finite number, got '{row[field]}'");
}
