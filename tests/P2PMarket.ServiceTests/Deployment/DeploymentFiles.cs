using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace P2PMarket.ServiceTests.Deployment;

/// <summary>The deployment files of the repository (k8s/, services/*/Dockerfile, services/*/appsettings.json), read
/// once and shared by the static deployment tests: no cluster, no Docker, only parsing.</summary>
public static class DeploymentFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);
    private static readonly Lazy<IReadOnlyList<Manifest>> All = new(LoadManifests);

    /// <summary>The three services: folder under services/, workload (and container) name in k8s/base.</summary>
    public static IReadOnlyList<(string Folder, string Workload)> Services { get; } =
    [
        ("Coordinator", "coordinator"),
        ("NetworkOperator", "network-operator"),
        ("ProsumerGateway", "gateway"),
    ];

    /// <summary>The repository root (the folder holding Solution.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>Every YAML document under k8s/, with its file.</summary>
    public static IReadOnlyList<Manifest> Manifests => All.Value;

    /// <summary>The documents of kind <paramref name="kind"/> (kustomization files excluded unless asked for).</summary>
    public static IEnumerable<Manifest> OfKind(string kind) => Manifests.Where(m => m.Kind == kind);

    /// <summary>The single document of <paramref name="kind"/> named <paramref name="name"/> in k8s/base.</summary>
    public static Manifest Base(string kind, string name)
    {
        var found = OfKind(kind).Where(m => m.Name == name && m.File.StartsWith("k8s/base/", StringComparison.Ordinal)).ToList();
        Assert.True(found.Count == 1, $"expected one {kind} '{name}' in k8s/base, found {found.Count}");
        return found[0];
    }

    /// <summary>Deployments and StatefulSets everywhere under k8s/.</summary>
    public static IEnumerable<Manifest> Workloads => Manifests.Where(m => m.Kind is "Deployment" or "StatefulSet");

    /// <summary>The h2c port of a service from its appsettings.json (Kestrel:Endpoints:Grpc:Url).</summary>
    public static int AppSettingsPort(string folder)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "services", folder, "appsettings.json")));
        var url = json.RootElement.GetProperty("Kestrel").GetProperty("Endpoints").GetProperty("Grpc").GetProperty("Url").GetString();
        return new Uri(url!.Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
    }

    /// <summary>The instructions of a service's Dockerfile (continuations joined, comments dropped) as (keyword, rest).</summary>
    public static IReadOnlyList<(string Keyword, string Arguments)> Dockerfile(string folder)
    {
        var path = Path.Combine(RepositoryRoot, "services", folder, "Dockerfile");
        Assert.True(File.Exists(path), $"missing services/{folder}/Dockerfile");
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#'))) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            line = pending + line;
            pending = "";
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0 ? (line.ToUpperInvariant(), "") : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }
        return instructions;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Solution.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Solution.sln above {AppContext.BaseDirectory}");
    }

    private static List<Manifest> LoadManifests()
    {
        var k8s = Path.Combine(RepositoryRoot, "k8s");
        var manifests = new List<Manifest>();
        foreach (var path in Directory.EnumerateFiles(k8s, "*.*", SearchOption.AllDirectories)
                     .Where(p => p.EndsWith(".yaml", StringComparison.Ordinal) || p.EndsWith(".yml", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(RepositoryRoot, path).Replace('\\', '/');
            var stream = new YamlStream();
            using (var reader = new StreamReader(path)) stream.Load(reader);
            for (var d = 0; d < stream.Documents.Count; d++)
                if (stream.Documents[d].RootNode is YamlMappingNode root)
                    manifests.Add(new Manifest(relative, d, root));
        }
        return manifests;
    }
}

/// <summary>One YAML document of a file under k8s/.</summary>
public sealed record Manifest(string File, int Index, YamlMappingNode Root)
{
    /// <summary><c>kind</c>.</summary>
    public string? Kind => Root.Str("kind");

    /// <summary><c>metadata.name</c>.</summary>
    public string? Name => Root.At("metadata", "name").AsString();

    /// <summary>Where the document is, for failure messages.</summary>
    public override string ToString() => $"{Kind} {Name} ({File}#{Index})";

    /// <summary>The pod template's spec of a workload.</summary>
    public YamlNode? PodSpec => Root.At("spec", "template", "spec");

    /// <summary>The pod template's labels of a workload.</summary>
    public IReadOnlyDictionary<string, string> PodLabels => Root.At("spec", "template", "metadata", "labels").AsStringMap();

    /// <summary>The containers of a workload's pod template.</summary>
    public IReadOnlyList<YamlNode> Containers => PodSpec.At("containers").Items();

    /// <summary>The value of environment variable <paramref name="name"/> of <paramref name="container"/> (null if absent or not a plain value).</summary>
    public static string? Env(YamlNode container, string name) =>
        container.At("env").Items().Where(e => e.Str("name") == name).Select(e => e.Str("value")).FirstOrDefault();

    /// <summary>All plain environment variables of <paramref name="container"/>.</summary>
    public static IReadOnlyDictionary<string, string?> EnvMap(YamlNode container) =>
        container.At("env").Items().ToDictionary(e => e.Str("name")!, e => e.Str("value"), StringComparer.Ordinal);
}

/// <summary>Null-tolerant navigation of the YAML representation model.</summary>
public static class YamlNavigation
{
    /// <summary>The node at the path of mapping keys, or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map) return null;
            node = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode k && k.Value == key).Value;
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>The scalar at <paramref name="key"/>, or null.</summary>
    public static string? Str(this YamlNode? node, string key) => node.At(key).AsString();

    /// <summary>The scalar's value, or null.</summary>
    public static string? AsString(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>The scalar as an integer, or null.</summary>
    public static int? AsInt(this YamlNode? node) =>
        int.TryParse(node.AsString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The scalar as a boolean, or null.</summary>
    public static bool? AsBool(this YamlNode? node) => bool.TryParse(node.AsString(), out var value) ? value : null;

    /// <summary>The items of a sequence (none if absent).</summary>
    public static IReadOnlyList<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode seq ? seq.Children.ToList() : [];

    /// <summary>A mapping of scalars as a dictionary (empty if absent).</summary>
    public static IReadOnlyDictionary<string, string> AsStringMap(this YamlNode? node) =>
        node is YamlMappingNode map
            ? map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => (kv.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether a mapping node has <paramref name="key"/>.</summary>
    public static bool Has(this YamlNode? node, string key) => node.At(key) is not null;
}
