using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using P2PMarket.Prosumers;

namespace P2PMarket.Scenarios;

/// <summary>
/// Writes a <see cref="Scenario"/> as a self-contained format v1 document (inline feeder, limits folded into
/// the branches, loads already scaled) that <see cref="ScenarioLoader.Parse"/> reads back to an identical
/// scenario: the form in which a scenario crosses the wire. The output is canonical: the same scenario
/// always gives the same text.
/// </summary>
public static class ScenarioWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The scenario as JSON text (UTF-8 without BOM when saved).</summary>
    public static string Write(Scenario scenario)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            Write(w, scenario);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter w, Scenario s)
    {
        var feeder = s.Feeder;
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", ScenarioFields.SchemaVersion);
        w.WriteString("name", s.Name);

        w.WriteStartObject("feeder");
        w.WriteString("name", feeder.Name);
        w.WriteNumber("baseKv", feeder.BaseKv);
        w.WriteNumber("baseMva", feeder.BaseMva);
        w.WriteNumber("substationVoltagePu", feeder.SubstationVoltagePu);
        w.WriteStartArray("buses");
        foreach (var bus in feeder.Buses)
        {
            w.WriteStartObject();
            w.WriteNumber("label", bus.Label);
            w.WriteNumber("loadKw", bus.LoadKw);
            w.WriteNumber("loadKvar", bus.LoadKvar);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("branches");
        foreach (var branch in feeder.Branches)
        {
            w.WriteStartObject();
            w.WriteNumber("from", feeder.Buses[branch.ParentIndex].Label);
            w.WriteNumber("to", feeder.Buses[branch.ChildIndex].Label);
            w.WriteNumber("rOhm", branch.ResistanceOhm);
            w.WriteNumber("xOhm", branch.ReactanceOhm);
            if (branch.LimitKw is { } limit) w.WriteNumber("limitKw", limit);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteStartObject("voltageLimits");
        w.WriteNumber("vminPu", s.VoltageLimits.MinPu);
        w.WriteNumber("vmaxPu", s.VoltageLimits.MaxPu);
        w.WriteEndObject();

        w.WriteStartObject("retail");
        w.WriteNumber("importPricePerKwh", s.Retail.ImportPerKwh);
        w.WriteNumber("exportPricePerKwh", s.Retail.ExportPerKwh);
        w.WriteEndObject();

        WriteTrading(w, s);

        w.WriteStartArray("prosumers");
        for (var i = 0; i < s.Prosumers.Count; i++)
        {
            var p = s.Prosumers[i];
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            w.WriteNumber("bus", feeder.Buses[p.Bus].Label);
            w.WriteNumber("fixedLoadKw", p.FixedLoadKw);
            w.WriteNumber("pvAvailableKw", p.PvAvailableKw);
            w.WriteNumber("generationMaxKw", p.GenerationMaxKw);
            w.WriteNumber("generationCostQuadraticPerKw2", p.GenerationCostQuadratic);
            w.WriteNumber("generationCostLinearPerKwh", p.GenerationCostLinear);
            w.WriteNumber("demandMinKw", p.DemandMinKw);
            w.WriteNumber("demandMaxKw", p.DemandMaxKw);
            w.WriteNumber("utilityLinearPerKwh", p.UtilityLinear);
            w.WriteNumber("utilityQuadraticPerKw2", p.UtilityQuadratic);
            w.WriteNumber("retailLimitKw", p.RetailLimitKw);
            w.WriteNumber("weight", p.Weight);
            w.WriteStartArray("partners");
            for (var slot = s.Trades.SlotStart(i); slot < s.Trades.SlotStart(i) + s.Trades.PartnerCount(i); slot++)
                w.WriteStringValue(s.Prosumers[s.Trades.Partner(slot)].Id);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartObject("market");
        w.WriteNumber("relativeTolerance", s.Settings.RelativeTolerance);
        w.WriteNumber("absoluteTolerance", s.Settings.AbsoluteTolerance);
        w.WriteNumber("maxIterations", s.Settings.MaxIterations);
        if (s.Settings.InitialRho is { } rho) w.WriteNumber("initialRhoPerKw2", rho);
        w.WriteNumber("intervalHours", s.Settings.IntervalHours);
        w.WriteEndObject();

        w.WriteEndObject();
    }

    /// <summary>Defaults = the most common value of each pair field; pairs that differ get an override.</summary>
    private static void WriteTrading(Utf8JsonWriter w, Scenario s)
    {
        var pairs = s.Trades.Pairs;
        var limit = MostCommon(pairs.Select(p => p.LimitKw), 1.0);
        var fee = MostCommon(pairs.Select(p => p.FeePerKwh), ScenarioFields.DefaultFeePerKwh);
        var friction = MostCommon(pairs.Select(p => p.Friction), ScenarioFields.DefaultFrictionPerKw2);
        w.WriteStartObject("trading");
        w.WriteNumber("defaultLimitKw", limit);
        w.WriteNumber("feePerKwh", fee);
        w.WriteNumber("frictionPerKw2", friction);
        w.WriteStartArray("pairs");
        foreach (var pair in pairs.OrderBy(p => p.First).ThenBy(p => p.Second))
        {
            if (pair.LimitKw == limit && pair.FeePerKwh == fee && pair.Friction == friction) continue;
            w.WriteStartObject();
            w.WriteStartArray("between");
            w.WriteStringValue(s.Prosumers[pair.First].Id);
            w.WriteStringValue(s.Prosumers[pair.Second].Id);
            w.WriteEndArray();
            if (pair.LimitKw != limit) w.WriteNumber("limitKw", pair.LimitKw);
            if (pair.FeePerKwh != fee) w.WriteNumber("feePerKwh", pair.FeePerKwh);
            if (pair.Friction != friction) w.WriteNumber("frictionPerKw2", pair.Friction);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static double MostCommon(IEnumerable<double> values, double fallback)
    {
        var best = fallback;
        var bestCount = 0;
        foreach (var group in values.GroupBy(v => v).OrderBy(g => g.Key))
            if (group.Count() > bestCount)
            {
                best = group.Key;
                bestCount = group.Count();
            }
        return best;
    }
}
