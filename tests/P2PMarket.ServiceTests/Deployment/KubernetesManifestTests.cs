using System.Globalization;
using System.Text.RegularExpressions;
using P2PMarket.Scenarios;

namespace P2PMarket.ServiceTests.Deployment;

/// <summary>Static checks of k8s/ (DESIGN.md "Deployment"): every manifest parses, containers are hardened and
/// probed on the ports the services really listen on, the coordinator's gateway list matches the StatefulSet,
/// only the coordinator reaches gateways and operator, and the kustomizations point at files that exist.</summary>
public sealed class KubernetesManifestTests
{
    [Fact]
    public void Every_yaml_under_k8s_parses_into_documents_with_apiVersion_and_kind()
    {
        var files = Directory.EnumerateFiles(Path.Combine(DeploymentFiles.RepositoryRoot, "k8s"), "*.yaml", SearchOption.AllDirectories).Count();
        Assert.True(files >= 2, "expected k8s/base and an overlay");
        Assert.NotEmpty(DeploymentFiles.Manifests);
        foreach (var manifest in DeploymentFiles.Manifests)
        {
            Assert.False(string.IsNullOrEmpty(manifest.Root.Str("apiVersion")), $"{manifest}: apiVersion");
            Assert.False(string.IsNullOrEmpty(manifest.Kind), $"{manifest}: kind");
            if (manifest.Kind != "Kustomization") Assert.False(string.IsNullOrEmpty(manifest.Name), $"{manifest}: metadata.name");
        }
        foreach (var kind in new[] { "Deployment", "StatefulSet", "Service", "NetworkPolicy" })
            Assert.Contains(DeploymentFiles.Manifests, m => m.Kind == kind);
    }

    [Fact]
    public void Every_container_has_requests_limits_and_a_non_root_read_only_security_context()
    {
        var workloads = DeploymentFiles.Workloads.ToList();
        Assert.NotEmpty(workloads);
        foreach (var workload in workloads)
        {
            var podSecurity = workload.PodSpec.At("securityContext");
            Assert.NotEmpty(workload.Containers);
            foreach (var container in workload.Containers.Concat(workload.PodSpec.At("initContainers").Items()))
            {
                var where = $"{workload} container {container.Str("name")}";
                foreach (var bound in new[] { "requests", "limits" })
                    foreach (var resource in new[] { "cpu", "memory" })
                        Assert.False(string.IsNullOrEmpty(container.At("resources", bound, resource).AsString()), $"{where}: resources.{bound}.{resource}");
                var security = container.At("securityContext");
                Assert.True((security.At("runAsNonRoot") ?? podSecurity.At("runAsNonRoot")).AsBool() == true, $"{where}: runAsNonRoot");
                var uid = (security.At("runAsUser") ?? podSecurity.At("runAsUser")).AsInt();
                Assert.True(uid is null or > 0, $"{where}: runAsUser {uid}");
                Assert.True(security.At("readOnlyRootFilesystem").AsBool() == true, $"{where}: readOnlyRootFilesystem");
                Assert.True(security.At("allowPrivilegeEscalation").AsBool() == false, $"{where}: allowPrivilegeEscalation false");
                Assert.Contains("ALL", security.At("capabilities", "drop").Items().Select(n => n.AsString()));

                // Read-only root: /tmp must be a writable emptyDir.
                var tmp = container.At("volumeMounts").Items().SingleOrDefault(m => m.Str("mountPath") == "/tmp");
                Assert.True(tmp is not null, $"{where}: no volume mounted at /tmp");
                var volume = workload.PodSpec.At("volumes").Items().SingleOrDefault(v => v.Str("name") == tmp.Str("name"));
                Assert.True(volume.Has("emptyDir"), $"{where}: /tmp is not an emptyDir");
            }
        }
    }

    [Fact]
    public void Service_containers_listen_and_are_probed_over_grpc_on_the_port_of_appsettings_and_the_Dockerfile()
    {
        foreach (var (folder, name) in DeploymentFiles.Services)
        {
            var port = DeploymentFiles.AppSettingsPort(folder);
            var expose = DeploymentFiles.Dockerfile(folder).Where(i => i.Keyword == "EXPOSE").Select(i => i.Arguments).ToList();
            Assert.Equal([port.ToString(CultureInfo.InvariantCulture)], expose);

            var workload = DeploymentFiles.Workloads.Single(w => w.Name == name && w.File.StartsWith("k8s/base/", StringComparison.Ordinal));
            var container = Assert.Single(workload.Containers);
            var containerPorts = container.At("ports").Items().Select(p => p.At("containerPort").AsInt()).ToList();
            Assert.Equal([port], containerPorts);
            foreach (var probe in new[] { "livenessProbe", "readinessProbe" })
                Assert.True(container.At(probe, "grpc", "port").AsInt() == port, $"{workload}: {probe}.grpc.port should be {port}");

            // The Service in front of it forwards to that port.
            var service = DeploymentFiles.Base("Service", name);
            Assert.Equal(workload.PodLabels["app.kubernetes.io/name"], service.Root.At("spec", "selector").AsStringMap()["app.kubernetes.io/name"]);
            var servicePort = Assert.Single(service.Root.At("spec", "ports").Items());
            Assert.Equal(port, servicePort.At("port").AsInt());
            var target = servicePort.Str("targetPort");
            Assert.True(target == port.ToString(CultureInfo.InvariantCulture)
                        || container.At("ports").Items().Any(p => p.Str("name") == target), $"{service}: targetPort {target}");
        }
    }

    [Fact]
    public void Coordinator_addresses_every_gateway_pod_by_its_stable_name_and_the_operator_by_its_Service()
    {
        var gateways = DeploymentFiles.Base("StatefulSet", "gateway");
        var replicas = gateways.Root.At("spec", "replicas").AsInt() ?? 1;
        var serviceName = gateways.Root.At("spec", "serviceName").AsString();
        var headless = DeploymentFiles.Base("Service", serviceName!);
        Assert.Equal("None", headless.Root.At("spec", "clusterIP").AsString());
        var gatewayPort = DeploymentFiles.AppSettingsPort("ProsumerGateway");

        // The gateway takes its shard from the pod ordinal (HOSTNAME) and the count from the environment.
        var gateway = Assert.Single(gateways.Containers);
        Assert.Equal(replicas.ToString(CultureInfo.InvariantCulture), Manifest.Env(gateway, "ProsumerGateway__ShardCount"));
        Assert.Null(Manifest.Env(gateway, "ProsumerGateway__ShardIndex"));
        var hostname = gateway.At("env").Items().SingleOrDefault(e => e.Str("name") == "HOSTNAME");
        Assert.True(hostname is null || hostname.At("valueFrom", "fieldRef", "fieldPath").AsString() == "metadata.name", "HOSTNAME must be the pod name");

        var coordinator = Assert.Single(DeploymentFiles.Base("Deployment", "coordinator").Containers);
        var env = Manifest.EnvMap(coordinator);
        var addresses = env.Where(kv => kv.Key.StartsWith("Coordinator__GatewayAddresses__", StringComparison.Ordinal))
            .Select(kv => (Index: int.Parse(kv.Key["Coordinator__GatewayAddresses__".Length..], CultureInfo.InvariantCulture), kv.Value))
            .OrderBy(a => a.Index).ToList();
        Assert.Equal(Enumerable.Range(0, replicas), addresses.Select(a => a.Index));
        foreach (var (index, address) in addresses)
            Assert.Equal($"http://{gateways.Name}-{index}.{serviceName}:{gatewayPort}", address);

        var operatorService = DeploymentFiles.Base("Service", "network-operator");
        var operatorPort = DeploymentFiles.AppSettingsPort("NetworkOperator");
        Assert.Equal($"http://{operatorService.Name}:{operatorPort}", env["Coordinator__NetworkOperatorAddress"]);
    }

    [Fact]
    public void Only_the_coordinator_may_reach_the_gateways_and_the_operator()
    {
        var coordinatorLabels = DeploymentFiles.Base("Deployment", "coordinator").PodLabels;
        var policies = DeploymentFiles.OfKind("NetworkPolicy").ToList();
        foreach (var (kind, name) in new[] { ("StatefulSet", "gateway"), ("Deployment", "network-operator") })
        {
            var labels = DeploymentFiles.Base(kind, name).PodLabels;
            var selecting = policies.Where(p => Selects(p.Root.At("spec", "podSelector"), labels)).ToList();
            Assert.True(selecting.Count > 0, $"no NetworkPolicy selects {name}");
            Assert.Contains(selecting, p => p.Root.At("spec", "policyTypes").Items().Any(t => t.AsString() == "Ingress"));
            // Policies add up: every ingress rule of every policy selecting these pods must admit the coordinator only.
            foreach (var policy in selecting)
                foreach (var rule in policy.Root.At("spec", "ingress").Items())
                {
                    var peers = rule.At("from").Items();
                    Assert.True(peers.Count > 0, $"{policy}: an ingress rule without 'from' admits everyone");
                    foreach (var peer in peers)
                    {
                        Assert.False(peer.Has("ipBlock") || peer.Has("namespaceSelector"), $"{policy}: peer outside the coordinator");
                        var selector = peer.At("podSelector");
                        Assert.True(selector.Has("matchLabels") && !selector.Has("matchExpressions"), $"{policy}: peer must be matched by labels");
                        var match = selector.At("matchLabels").AsStringMap();
                        Assert.True(match.Count > 0 && Selects(selector, coordinatorLabels), $"{policy}: peer does not select the coordinator");
                        foreach (var other in DeploymentFiles.Workloads.Where(w => w.Name != "coordinator"))
                            Assert.False(Selects(selector, other.PodLabels), $"{policy}: peer also selects {other}");
                    }
                }
        }

        // Everyone may send OTLP to Jaeger.
        var jaegerLabels = DeploymentFiles.Base("Deployment", "jaeger").PodLabels;
        var jaegerPolicies = policies.Where(p => Selects(p.Root.At("spec", "podSelector"), jaegerLabels)).ToList();
        Assert.True(jaegerPolicies.Count == 0 || jaegerPolicies.Any(p => p.Root.At("spec", "ingress").Items().Any(rule =>
            rule.At("ports").Items().Any(port => port.At("port").AsInt() == 4317)
            && rule.At("from").Items() is var from && (from.Count == 0 || from.Any(peer => peer.At("podSelector") is { } s && !s.Has("matchLabels") && !s.Has("matchExpressions"))))),
            "Jaeger must admit OTLP (4317) from every pod");
    }

    [Fact]
    public void Services_export_OTLP_to_Jaeger_which_accepts_it()
    {
        var jaeger = DeploymentFiles.Base("Deployment", "jaeger");
        var container = Assert.Single(jaeger.Containers);
        Assert.StartsWith("jaegertracing/all-in-one", container.Str("image"), StringComparison.Ordinal);
        Assert.Equal("true", Manifest.Env(container, "COLLECTOR_OTLP_ENABLED"));
        var ports = container.At("ports").Items().Select(p => p.At("containerPort").AsInt()).ToList();
        Assert.Contains(4317, ports);
        Assert.Contains(16686, ports);
        var service = DeploymentFiles.Base("Service", "jaeger");
        Assert.Contains(4317, service.Root.At("spec", "ports").Items().Select(p => p.At("port").AsInt()));

        foreach (var (_, name) in DeploymentFiles.Services)
        {
            var workload = DeploymentFiles.Workloads.Single(w => w.Name == name && w.File.StartsWith("k8s/base/", StringComparison.Ordinal));
            Assert.Equal($"http://{service.Name}:4317", Manifest.Env(Assert.Single(workload.Containers), "OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    [Fact]
    public void The_scenario_ConfigMap_is_a_loadable_scenario_mounted_where_every_service_looks()
    {
        var kustomization = Kustomization("k8s/base");
        var generator = kustomization.Root.At("configMapGenerator").Items().Single(g => g.Str("name") == "scenarios");
        var files = generator.At("files").Items().Select(f => f.AsString()!).ToList();
        Assert.Contains(files, f => f.EndsWith("ieee69.json", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var path = Path.Combine(DeploymentFiles.RepositoryRoot, "k8s/base", FileOfGeneratorEntry(file));
            var scenario = ScenarioLoader.Load(path); // embedded: CSV paths, so the file stands alone
            Assert.NotEmpty(scenario.Prosumers);
        }

        foreach (var (_, name) in DeploymentFiles.Services)
        {
            var workload = DeploymentFiles.Workloads.Single(w => w.Name == name && w.File.StartsWith("k8s/base/", StringComparison.Ordinal));
            var container = Assert.Single(workload.Containers);
            var directory = Manifest.Env(container, "Scenarios__Directory");
            Assert.False(string.IsNullOrEmpty(directory), $"{workload}: Scenarios__Directory");
            var mount = container.At("volumeMounts").Items().SingleOrDefault(m => m.Str("mountPath") == directory);
            Assert.True(mount is not null, $"{workload}: nothing mounted at {directory}");
            var volume = workload.PodSpec.At("volumes").Items().Single(v => v.Str("name") == mount.Str("name"));
            Assert.Equal("scenarios", volume.At("configMap", "name").AsString());
        }
    }

    [Fact]
    public void Kustomizations_list_only_files_that_exist_and_every_manifest_is_listed()
    {
        var kustomizations = DeploymentFiles.OfKind("Kustomization").ToList();
        Assert.Contains(kustomizations, k => k.File == "k8s/base/kustomization.yaml");
        Assert.Contains(kustomizations, k => k.File == "k8s/overlays/local/kustomization.yaml");
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kustomization in kustomizations)
        {
            var folder = Path.GetDirectoryName(Path.Combine(DeploymentFiles.RepositoryRoot, kustomization.File))!;
            var references = new List<string>();
            foreach (var key in new[] { "resources", "components", "patchesStrategicMerge", "crds" })
                references.AddRange(kustomization.Root.At(key).Items().Select(n => n.AsString()!));
            foreach (var key in new[] { "patches", "patchesJson6902" })
                references.AddRange(kustomization.Root.At(key).Items().Select(n => n.Str("path")).OfType<string>());
            foreach (var key in new[] { "configMapGenerator", "secretGenerator" })
                foreach (var generator in kustomization.Root.At(key).Items())
                {
                    references.AddRange(generator.At("files").Items().Select(n => FileOfGeneratorEntry(n.AsString()!)));
                    references.AddRange(generator.At("envs").Items().Select(n => n.AsString()!));
                }
            foreach (var reference in references)
            {
                Assert.DoesNotContain("://", reference, StringComparison.Ordinal);
                var path = Path.GetFullPath(Path.Combine(folder, reference));
                Assert.True(File.Exists(path) || File.Exists(Path.Combine(path, "kustomization.yaml")),
                    $"{kustomization.File} lists '{reference}', which is neither a file nor a kustomization folder");
                listed.Add(Path.GetRelativePath(DeploymentFiles.RepositoryRoot, path).Replace('\\', '/'));
            }
        }

        // No orphan: every manifest file is part of some kustomization.
        foreach (var file in DeploymentFiles.Manifests.Where(m => m.Kind != "Kustomization").Select(m => m.File).Distinct())
            Assert.True(listed.Contains(file), $"{file} is not listed in any kustomization");
    }

    [Fact]
    public void The_local_overlay_uses_dev_images_pulled_only_if_absent()
    {
        var overlay = Kustomization("k8s/overlays/local");
        var images = overlay.Root.At("images").Items().ToDictionary(i => i.Str("name")!, i => i.Str("newTag"), StringComparer.Ordinal);
        foreach (var (_, name) in DeploymentFiles.Services)
        {
            var workload = DeploymentFiles.Workloads.Single(w => w.Name == name && w.File.StartsWith("k8s/base/", StringComparison.Ordinal));
            var image = Assert.Single(workload.Containers).Str("image")!;
            Assert.Equal($"p2pmarket/{name}", Regex.Replace(image, ":[^/]*$", ""));
            Assert.Equal("dev", images[$"p2pmarket/{name}"]);
        }
        Assert.Equal("p2pmarket", overlay.Root.Str("namespace"));
        foreach (var kind in new[] { "Deployment", "StatefulSet" })
            Assert.Contains(overlay.Root.At("patches").Items(), p => p.At("target", "kind").AsString() == kind
                                                                       && (p.Str("patch") ?? "").Contains("IfNotPresent", StringComparison.Ordinal));
    }

    private static Manifest Kustomization(string folder) =>
        DeploymentFiles.OfKind("Kustomization").Single(k => k.File == $"{folder}/kustomization.yaml");

    /// <summary>A generator entry is <c>file</c> or <c>key=file</c>.</summary>
    private static string FileOfGeneratorEntry(string entry) => entry.Contains('=', StringComparison.Ordinal) ? entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..] : entry;

    /// <summary>Whether a label selector (matchLabels only; an empty selector selects all) selects pods with <paramref name="labels"/>.</summary>
    private static bool Selects(YamlDotNet.RepresentationModel.YamlNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null) return false;
        Assert.False(selector.Has("matchExpressions"), "matchExpressions are not checked by these tests; use matchLabels");
        return selector.At("matchLabels").AsStringMap().All(kv => labels.TryGetValue(kv.Key, out var value) && value == kv.Value);
    }
}
