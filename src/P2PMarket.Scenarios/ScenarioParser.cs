using System.Globalization;
using System.Text.Json;
using P2PMarket.Grid;
using P2PMarket.Prosumers;
using P2PMarket.Scenarios.Json;
using static P2PMarket.Scenarios.Json.NumberRule;

namespace P2PMarket.Scenarios;

/// <summary>Turns a parsed scenario document (format v1) into a validated <see cref="Scenario"/>.</summary>
internal sealed class ScenarioParser(string source, string? baseDirectory)
{
    private sealed record ProsumerEntry(ProsumerParameters Parameters, string Path, IReadOnlyList<(JsonElement Element, string Path)> Partners);

    public Scenario Read(JsonElement root)
    {
        var r = new JsonObjectReader(root, JsonPathText.Root, source, ScenarioFields.Root, "a scenario");
        var version = r.RequiredInteger("schemaVersion", "the format version");
        if (version != ScenarioFields.SchemaVersion)
            throw r.Fail(r.PathOf("schemaVersion"), $"schemaVersion {ScenarioFields.SchemaVersion} (the only version this loader reads), got {version}");
        r.OptionalString("$schema", "the URI or path of the JSON Schema");
        r.OptionalString("description", "a free-text description");
        var name = r.RequiredString("name", "the scenario name");

        var feeder = ReadFeeder(r.RequiredObject("feeder", ScenarioFields.Feeder, "the feeder"), name);
        var voltage = ReadVoltageLimits(r.RequiredObject("voltageLimits", ScenarioFields.VoltageLimits, "the voltage limits"));
        var retail = ReadRetail(r.RequiredObject("retail", ScenarioFields.Retail, "the retail contract"));
        var entries = ReadProsumers(r, feeder);
        var trading = r.RequiredObject("trading", ScenarioFields.Trading, "the trading defaults and pair overrides");
        var graph = ReadTrades(trading, entries);
        CheckLocalSets(r, entries, graph);
        var settings = ReadMarket(r.OptionalObject("market", ScenarioFields.Market, "the market settings"));
        return new Scenario(name, feeder, voltage, retail, entries.Select(e => e.Parameters).ToArray(), graph, settings);
    }

    // ---- feeder ----------------------------------------------------------------------------------------

    private Feeder ReadFeeder(JsonObjectReader f, string scenarioName)
    {
        var name = f.OptionalString("name", "the feeder name") ?? scenarioName;
        var baseKv = f.RequiredNumber("baseKv", "line-to-line base voltage in kV", Positive);
        var baseMva = f.RequiredNumber("baseMva", "power base in MVA", Positive);
        var v0 = f.RequiredNumber("substationVoltagePu", "substation (slack) voltage in p.u.", Positive);
        var inline = f.Has("buses") || f.Has("branches");
        var csv = f.Has("busesCsv") || f.Has("branchesCsv");
        if (inline && csv)
            throw f.Fail(f.Path, "either inline 'buses' and 'branches' or 'busesCsv' and 'branchesCsv', not both");
        if (!inline && !csv)
            throw f.Fail(f.Path, "feeder data: inline 'buses' and 'branches', or 'busesCsv' and 'branchesCsv' (file paths relative to the scenario file, or embedded:ieee69/...)");
        var feeder = inline ? ReadInlineFeeder(f, name, baseKv, baseMva, v0) : ReadCsvFeeder(f, name, baseKv, baseMva, v0);

        var scale = f.OptionalNumber("loadScale", 1.0, "scale factor of the passive loads", NonNegative);
        if (scale != 1.0)
        {
            var scaled = feeder.Buses.Select(b => b with { LoadKw = b.LoadKw * scale, LoadKvar = b.LoadKvar * scale }).ToArray();
            feeder = new Feeder(feeder.Name, feeder.BaseKv, feeder.BaseMva, feeder.SubstationVoltagePu, scaled, feeder.Branches, source);
        }
        if (f.Optional("branchLimitsKw") is { } overrides) feeder = ApplyLimitOverrides(f, overrides, feeder);
        return feeder;
    }

    private Feeder ReadInlineFeeder(JsonObjectReader f, string name, double baseKv, double baseMva, double v0)
    {
        var busItems = f.RequiredArray("buses", "the buses with their passive loads");
        var branchItems = f.RequiredArray("branches", "the branches");
        if (busItems.Count < 2) throw f.Fail(f.PathOf("buses"), $"at least 2 buses (a substation and one more), got {busItems.Count}");

        var buses = new List<FeederBus>(busItems.Count);
        var rowOfLabel = new Dictionary<int, int>();
        foreach (var (element, path) in busItems)
        {
            var b = new JsonObjectReader(element, path, source, ScenarioFields.Bus, "a bus");
            var label = b.RequiredInteger("label", "the bus number");
            if (!rowOfLabel.TryAdd(label, buses.Count))
                throw b.Fail(b.PathOf("label"), $"a unique bus number; bus {label} is also {JsonPathText.Index(f.PathOf("buses"), rowOfLabel[label])}");
            buses.Add(new FeederBus(label,
                b.RequiredNumber("loadKw", "passive active load in kW", Finite),
                b.RequiredNumber("loadKvar", "passive reactive load in kVAr", Finite)));
        }

        var links = new List<(int From, int To, double R, double X, double? Limit)>(branchItems.Count);
        var fedBy = new Dictionary<int, string>();
        foreach (var (element, path) in branchItems)
        {
            var l = new JsonObjectReader(element, path, source, ScenarioFields.Branch, "a branch");
            var from = l.RequiredInteger("from", "the upstream bus number");
            var to = l.RequiredInteger("to", "the downstream bus number");
            if (!rowOfLabel.ContainsKey(from)) throw l.Fail(l.PathOf("from"), $"a bus number listed in {f.PathOf("buses")}, got {from}");
            if (!rowOfLabel.ContainsKey(to)) throw l.Fail(l.PathOf("to"), $"a bus number listed in {f.PathOf("buses")}, got {to}");
            if (from == to) throw l.Fail(l.PathOf("to"), $"a bus other than 'from' ({from})");
            if (!fedBy.TryAdd(to, path))
                throw l.Fail(l.PathOf("to"), $"each bus fed by one branch (a radial feeder, 'from' upstream); bus {to} is also fed by {fedBy[to]}");
            links.Add((from, to,
                l.RequiredNumber("rOhm", "series resistance in ohm", Positive),
                l.RequiredNumber("xOhm", "series reactance in ohm", NonNegative),
                l.OptionalNullableNumber("limitKw", "thermal limit on the active flow in kW", Positive)));
        }
        var roots = buses.Where(b => !fedBy.ContainsKey(b.Label)).Select(b => b.Label).ToList();
        if (roots.Count != 1)
            throw f.Fail(f.PathOf("branches"),
                $"exactly one substation (a bus that no branch feeds); found {roots.Count}: {string.Join(", ", roots.Take(10))}");

        // Internal order (Feeder): substation first, then the bus data order.
        var ordered = buses.Where(b => b.Label == roots[0]).Concat(buses.Where(b => b.Label != roots[0])).ToList();
        var index = new Dictionary<int, int>(ordered.Count);
        for (var k = 0; k < ordered.Count; k++) index[ordered[k].Label] = k;
        var branches = links.Select(b => new FeederBranch(index[b.From], index[b.To], b.R, b.X, b.Limit)).ToList();
        try
        {
            return new Feeder(name, baseKv, baseMva, v0, ordered, branches, source);
        }
        catch (FeederDataException e)
        {
            throw f.Fail(f.PathOf("branches"), e.Expectation, e);
        }
    }

    private Feeder ReadCsvFeeder(JsonObjectReader f, string name, double baseKv, double baseMva, double v0)
    {
        var busPath = f.RequiredString("busesCsv", "the bus CSV file (bus,p_kw,q_kvar)");
        var branchPath = f.RequiredString("branchesCsv", "the branch CSV file (from_bus,to_bus,r_ohm,x_ohm[,limit_kw])");
        using var busReader = OpenCsv(f, "busesCsv", busPath);
        using var branchReader = OpenCsv(f, "branchesCsv", branchPath);
        try
        {
            return FeederCsv.Load(name, baseKv, baseMva, v0, busReader, busPath, branchReader, branchPath);
        }
        catch (FeederDataException e)
        {
            var field = e.DataSource == busPath && busPath != branchPath ? "busesCsv" : "branchesCsv";
            throw f.Fail(f.PathOf(field), $"valid feeder data in the CSV file: {e.Message}", e);
        }
    }

    private TextReader OpenCsv(JsonObjectReader f, string field, string path)
    {
        if (path.StartsWith(ScenarioFields.EmbeddedPrefix, StringComparison.Ordinal))
        {
            var relative = path[ScenarioFields.EmbeddedPrefix.Length..];
            return EmbeddedData.OpenData(relative)
                ?? throw f.Fail(f.PathOf(field), $"an embedded data file such as embedded:ieee69/buses.csv; '{relative}' is not embedded (available: {string.Join(", ", EmbeddedData.DataFiles.Where(n => n.EndsWith(".csv", StringComparison.Ordinal)))})");
        }
        if (!Path.IsPathRooted(path) && baseDirectory is null)
            throw f.Fail(f.PathOf(field), $"an absolute CSV path or an embedded: one; '{path}' is relative and this scenario was parsed without a base directory");
        var full = Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(baseDirectory!, path));
        try
        {
            return new StreamReader(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw f.Fail(f.PathOf(field), $"a readable CSV file; cannot open '{full}': {e.Message}", e);
        }
    }

    private Feeder ApplyLimitOverrides(JsonObjectReader f, JsonElement overrides, Feeder feeder)
    {
        var path = f.PathOf("branchLimitsKw");
        if (overrides.ValueKind != JsonValueKind.Object)
            throw f.Fail(path, $"an object mapping 'from-to' bus numbers to a limit in kW, got {JsonPathText.Describe(overrides)}");
        var limits = feeder.Branches.Select(b => b.LimitKw).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in overrides.EnumerateObject())
        {
            var entryPath = JsonPathText.Property(path, entry.Name);
            if (!seen.Add(entry.Name)) throw f.Fail(entryPath, $"each branch once; '{entry.Name}' appears twice");
            var branch = FindBranch(feeder, entry.Name);
            if (branch < 0)
                throw f.Fail(entryPath, $"a branch of the feeder named 'from-to' by its bus numbers, upstream bus first (e.g. '{Label(feeder, feeder.Branches[0])}'); no branch '{entry.Name}'");
            limits[branch] = entry.Value.ValueKind == JsonValueKind.Null
                ? null
                : f.ReadNumber(entry.Value, entryPath, "thermal limit on the active flow in kW (or null for none)", Positive);
        }
        return feeder.WithBranchLimits(limits, source);
    }

    private static int FindBranch(Feeder feeder, string name)
    {
        var parts = name.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var to)
            || !feeder.TryGetIndex(from, out var parent) || !feeder.TryGetIndex(to, out var child))
            return -1;
        var branch = feeder.BranchInto(child);
        return branch >= 0 && feeder.Branches[branch].ParentIndex == parent ? branch : -1;
    }

    private static string Label(Feeder feeder, FeederBranch b) =>
        $"{feeder.Buses[b.ParentIndex].Label}-{feeder.Buses[b.ChildIndex].Label}";

    // ---- limits, retail, market -------------------------------------------------------------------------

    private static VoltageLimits ReadVoltageLimits(JsonObjectReader v)
    {
        var min = v.RequiredNumber("vminPu", "minimum voltage magnitude in p.u.", Positive);
        var max = v.RequiredNumber("vmaxPu", "maximum voltage magnitude in p.u.", Positive);
        if (max <= min) throw v.Fail(v.PathOf("vmaxPu"), $"a maximum voltage above vminPu {JsonPathText.Number(min)} p.u., got {JsonPathText.Number(max)}");
        return new VoltageLimits(min, max);
    }

    private static RetailPrices ReadRetail(JsonObjectReader r)
    {
        var import = r.RequiredNumber("importPricePerKwh", "retail import price in $/kWh", Finite);
        var export = r.RequiredNumber("exportPricePerKwh", "retail export price in $/kWh", Finite);
        if (export >= import)
            throw r.Fail(r.PathOf("exportPricePerKwh"),
                $"a retail export price below importPricePerKwh {JsonPathText.Number(import)} $/kWh, got {JsonPathText.Number(export)}");
        return new RetailPrices(import, export);
    }

    private static MarketSettings ReadMarket(JsonObjectReader? m)
    {
        var defaults = new MarketSettings();
        if (m is null) return defaults;
        var maxIterations = defaults.MaxIterations;
        if (m.Optional("maxIterations") is { } iterations)
        {
            maxIterations = m.ReadInteger(iterations, m.PathOf("maxIterations"), "the iteration cap");
            if (maxIterations < 1) throw m.Fail(m.PathOf("maxIterations"), $"an iteration cap >= 1, got {maxIterations}");
        }
        return new MarketSettings(
            m.OptionalNumber("relativeTolerance", defaults.RelativeTolerance, "relative stopping tolerance", Positive),
            m.OptionalNumber("absoluteTolerance", defaults.AbsoluteTolerance, "absolute stopping tolerance", NonNegative),
            maxIterations,
            m.OptionalNullableNumber("initialRhoPerKw2", "initial ADMM penalty in $/kW^2 per interval", Positive) ?? defaults.InitialRho,
            m.OptionalNumber("intervalHours", defaults.IntervalHours, "market interval length in h", Positive));
    }

    // ---- prosumers and trades ---------------------------------------------------------------------------

    private List<ProsumerEntry> ReadProsumers(JsonObjectReader r, Feeder feeder)
    {
        var items = r.RequiredArray("prosumers", "the prosumers");
        if (items.Count == 0) throw r.Fail(r.PathOf("prosumers"), "at least one prosumer");
        var entries = new List<ProsumerEntry>(items.Count);
        var indexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (element, path) in items)
        {
            var p = new JsonObjectReader(element, path, source, ScenarioFields.Prosumer, "a prosumer");
            var id = p.RequiredString("id", "the prosumer id");
            if (!indexOfId.TryAdd(id, entries.Count))
                throw p.Fail(p.PathOf("id"), $"a unique prosumer id; '{id}' is also the id of {entries[indexOfId[id]].Path}");
            var label = p.RequiredInteger("bus", "the number of the bus the prosumer is connected to");
            if (!feeder.TryGetIndex(label, out var bus))
                throw p.Fail(p.PathOf("bus"), $"the number of a bus of the feeder, got {label}");
            var demandMin = p.RequiredNumber("demandMinKw", "flexible demand lower bound Dmin in kW", NonNegative);
            var demandMax = p.RequiredNumber("demandMaxKw", "flexible demand upper bound Dmax in kW", NonNegative);
            if (demandMax < demandMin)
                throw p.Fail(p.PathOf("demandMaxKw"),
                    $"a flexible demand upper bound Dmax >= demandMinKw {JsonPathText.Number(demandMin)} kW, got {JsonPathText.Number(demandMax)}");
            var parameters = new ProsumerParameters(
                id,
                bus,
                p.RequiredNumber("fixedLoadKw", "fixed load in kW", NonNegative),
                p.RequiredNumber("pvAvailableKw", "available PV in kW", NonNegative),
                p.RequiredNumber("generationMaxKw", "dispatchable generation bound Gmax in kW", NonNegative),
                p.RequiredNumber("generationCostQuadraticPerKw2", "generation cost coefficient a in $/kW^2 per interval", Positive),
                p.RequiredNumber("generationCostLinearPerKwh", "generation cost coefficient c in $/kWh", Finite),
                demandMin,
                demandMax,
                p.RequiredNumber("utilityLinearPerKwh", "utility coefficient alpha in $/kWh", Finite),
                p.RequiredNumber("utilityQuadraticPerKw2", "utility coefficient beta in $/kW^2 per interval", Positive),
                p.RequiredNumber("retailLimitKw", "retail contract bound Emax in kW (0 = no contract)", NonNegative),
                p.OptionalNumber("weight", 1.0, "NNE weight r", Positive));
            entries.Add(new ProsumerEntry(parameters, path, p.RequiredArray("partners", "the ids of the trading partners")));
        }
        return entries;
    }

    private TradeGraph ReadTrades(JsonObjectReader t, List<ProsumerEntry> entries)
    {
        var indexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++) indexOfId[entries[i].Parameters.Id] = i;

        // Partner lists: ids that exist, not self, not repeated, and listed back (the graph is symmetric).
        var partners = new List<HashSet<int>>(entries.Count);
        var partnerPaths = new List<Dictionary<int, string>>(entries.Count);
        foreach (var entry in entries)
        {
            var set = new HashSet<int>();
            var paths = new Dictionary<int, string>();
            foreach (var (element, path) in entry.Partners)
            {
                var id = t.ReadString(element, path, "the id of a trading partner");
                if (id == entry.Parameters.Id) throw t.Fail(path, $"a partner other than the prosumer itself ('{id}')");
                if (!indexOfId.TryGetValue(id, out var j)) throw t.Fail(path, $"the id of a prosumer in $.prosumers, got '{id}'");
                if (!set.Add(j)) throw t.Fail(path, $"each partner once; '{id}' is also {paths[j]}");
                paths[j] = path;
            }
            partners.Add(set);
            partnerPaths.Add(paths);
        }
        for (var i = 0; i < entries.Count; i++)
        foreach (var j in partners[i])
            if (!partners[j].Contains(i))
                throw t.Fail(partnerPaths[i][j],
                    $"a partner that lists '{entries[i].Parameters.Id}' back (the trading graph is symmetric); {entries[j].Path} ('{entries[j].Parameters.Id}') does not list it in its partners");

        var limit = t.RequiredNumber("defaultLimitKw", "default pair trade limit Tmax in kW", Positive);
        var fee = t.OptionalNumber("feePerKwh", ScenarioFields.DefaultFeePerKwh, "default transaction fee in $/kWh", NonNegative);
        var friction = t.OptionalNumber("frictionPerKw2", ScenarioFields.DefaultFrictionPerKw2, "default trade friction gamma in $/kW^2 per interval", Positive);

        var overrides = new Dictionary<(int, int), (double Limit, double Fee, double Friction)>();
        var overridePaths = new Dictionary<(int, int), string>();
        foreach (var (element, path) in t.OptionalArray("pairs", "the per-pair overrides"))
        {
            var p = new JsonObjectReader(element, path, source, ScenarioFields.Pair, "a pair override");
            var between = p.RequiredArray("between", "the ids of the two prosumers of the pair");
            if (between.Count != 2) throw p.Fail(p.PathOf("between"), $"exactly 2 prosumer ids, got {between.Count}");
            var ends = new int[2];
            for (var k = 0; k < 2; k++)
            {
                var id = p.ReadString(between[k].Element, between[k].Path, "the id of a prosumer");
                if (!indexOfId.TryGetValue(id, out ends[k])) throw p.Fail(between[k].Path, $"the id of a prosumer in $.prosumers, got '{id}'");
            }
            if (!partners[ends[0]].Contains(ends[1]))
                throw p.Fail(between[1].Path,
                    $"a partner of '{entries[ends[0]].Parameters.Id}' (a pair override needs a pair of the trading graph); '{entries[ends[1]].Parameters.Id}' is not in its partners");
            var key = (Math.Min(ends[0], ends[1]), Math.Max(ends[0], ends[1]));
            if (!overridePaths.TryAdd(key, path)) throw p.Fail(p.PathOf("between"), $"each pair overridden once; this pair is also {overridePaths[key]}");
            overrides[key] = (
                p.OptionalNumber("limitKw", limit, "pair trade limit Tmax in kW", Positive),
                p.OptionalNumber("feePerKwh", fee, "pair transaction fee in $/kWh", NonNegative),
                p.OptionalNumber("frictionPerKw2", friction, "pair trade friction gamma in $/kW^2 per interval", Positive));
        }

        var pairs = new List<TradePair>();
        for (var i = 0; i < entries.Count; i++)
        foreach (var j in partners[i].Where(j => j > i).Order())
        {
            var (l, fe, fr) = overrides.TryGetValue((i, j), out var o) ? o : (limit, fee, friction);
            pairs.Add(new TradePair(i, j, l, fe, fr));
        }
        return new TradeGraph(entries.Count, pairs);
    }

    /// <summary>Rejects a prosumer whose balance <c>g + sUsed - l - d = sum t - m + x</c> has no solution
    /// (MODEL.md sec. 2): its fixed load and minimum demand exceed PV + Gmax + Emax + the sum of its pair limits.</summary>
    private static void CheckLocalSets(JsonObjectReader r, List<ProsumerEntry> entries, TradeGraph graph)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var p = entries[i].Parameters;
            var trade = 0.0;
            for (var s = graph.SlotStart(i); s < graph.SlotStart(i) + graph.PartnerCount(i); s++) trade += graph.PairOf(s).LimitKw;
            var need = p.FixedLoadKw + p.DemandMinKw;
            var supply = p.PvAvailableKw + p.GenerationMaxKw + p.RetailLimitKw + trade;
            if (need > supply + 1e-9 * Math.Max(1.0, need))
                throw r.Fail(entries[i].Path,
                    $"a prosumer that can balance: fixedLoadKw + demandMinKw = {JsonPathText.Number(need)} kW exceeds pvAvailableKw + generationMaxKw + retailLimitKw + its pair trade limits = {JsonPathText.Number(supply)} kW, so its local set is empty");
        }
    }
}
