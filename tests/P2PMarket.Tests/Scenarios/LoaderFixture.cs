using System.Text.Json;
using System.Text.Json.Nodes;

namespace P2PMarket.Tests.Scenarios;

/// <summary>A small valid scenario (inline 4-bus fork, 4 prosumers) that the loader tests mutate one field at a time.</summary>
public static class LoaderFixture
{
    public const string Source = "test.json";

    public const string Json = """
        {
          "schemaVersion": 1,
          "name": "loader-test",
          "feeder": {
            "baseKv": 12.66,
            "baseMva": 10,
            "substationVoltagePu": 1.0,
            "buses": [
              { "label": 1, "loadKw": 0, "loadKvar": 0 },
              { "label": 2, "loadKw": 50, "loadKvar": 20 },
              { "label": 3, "loadKw": 40, "loadKvar": 15 },
              { "label": 4, "loadKw": 30, "loadKvar": 10 }
            ],
            "branches": [
              { "from": 1, "to": 2, "rOhm": 0.5, "xOhm": 0.3, "limitKw": 400 },
              { "from": 2, "to": 3, "rOhm": 0.6, "xOhm": 0.4 },
              { "from": 2, "to": 4, "rOhm": 0.7, "xOhm": 0.4 }
            ],
            "branchLimitsKw": { "2-4": 150 }
          },
          "voltageLimits": { "vminPu": 0.95, "vmaxPu": 1.05 },
          "retail": { "importPricePerKwh": 0.25, "exportPricePerKwh": 0.05 },
          "trading": {
            "defaultLimitKw": 50,
            "pairs": [ { "between": ["b", "a"], "limitKw": 80, "feePerKwh": 0.002 } ]
          },
          "prosumers": [
            { "id": "a", "bus": 3, "fixedLoadKw": 2, "pvAvailableKw": 30, "generationMaxKw": 0, "generationCostQuadraticPerKw2": 0.001, "generationCostLinearPerKwh": 0.1, "demandMinKw": 0, "demandMaxKw": 5, "utilityLinearPerKwh": 0.2, "utilityQuadraticPerKw2": 0.01, "retailLimitKw": 30, "partners": ["b", "c"] },
            { "id": "b", "bus": 4, "fixedLoadKw": 10, "pvAvailableKw": 0, "generationMaxKw": 0, "generationCostQuadraticPerKw2": 0.001, "generationCostLinearPerKwh": 0.1, "demandMinKw": 2, "demandMaxKw": 20, "utilityLinearPerKwh": 0.3, "utilityQuadraticPerKw2": 0.005, "retailLimitKw": 30, "weight": 1.5, "partners": ["a", "c", "d"] },
            { "id": "c", "bus": 2, "fixedLoadKw": 1, "pvAvailableKw": 0, "generationMaxKw": 40, "generationCostQuadraticPerKw2": 0.002, "generationCostLinearPerKwh": 0.08, "demandMinKw": 0, "demandMaxKw": 0, "utilityLinearPerKwh": 0.2, "utilityQuadraticPerKw2": 0.01, "retailLimitKw": 0, "partners": ["a", "b"] },
            { "id": "d", "bus": 4, "fixedLoadKw": 5, "pvAvailableKw": 3, "generationMaxKw": 0, "generationCostQuadraticPerKw2": 0.001, "generationCostLinearPerKwh": 0.1, "demandMinKw": 0, "demandMaxKw": 4, "utilityLinearPerKwh": 0.22, "utilityQuadraticPerKw2": 0.01, "retailLimitKw": 10, "partners": ["b"] }
          ],
          "market": { "maxIterations": 100, "initialRhoPerKw2": 0.05 }
        }
        """;

    public static JsonObject Node() => JsonNode.Parse(Json)!.AsObject();

    public static string Mutate(Action<JsonObject> mutation)
    {
        var root = Node();
        mutation(root);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    public static JsonObject Prosumer(JsonObject root, int index) => root["prosumers"]![index]!.AsObject();
}
