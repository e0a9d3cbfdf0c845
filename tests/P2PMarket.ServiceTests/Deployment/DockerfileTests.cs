using System.Globalization;
using System.Text.RegularExpressions;

namespace P2PMarket.ServiceTests.Deployment;

/// <summary>Static checks of services/*/Dockerfile (DESIGN.md "Deployment"): an SDK build stage and an ASP.NET
/// runtime stage, the service's own project published, a non-root user, the h2c port of appsettings.json
/// exposed and the service's dll as entry point.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Folders() => [.. DeploymentFiles.Services.Select(s => s.Folder)];

    [Theory]
    [MemberData(nameof(Folders))]
    public void Builds_on_the_SDK_and_runs_on_the_ASP_NET_runtime_in_two_stages(string folder)
    {
        var froms = DeploymentFiles.Dockerfile(folder).Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0\s+AS\s+(\S+)$", froms[0]);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[1], StringComparison.Ordinal);
        var stage = Regex.Match(froms[0], @"AS\s+(\S+)$", RegexOptions.IgnoreCase).Groups[1].Value;
        Assert.Contains(DeploymentFiles.Dockerfile(folder), i => i.Keyword == "COPY" && i.Arguments.Contains($"--from={stage}", StringComparison.Ordinal));

        var project = $"services/{folder}/P2PMarket.Services.{folder}.csproj";
        Assert.True(File.Exists(Path.Combine(DeploymentFiles.RepositoryRoot, project)), $"missing {project}");
        var runs = DeploymentFiles.Dockerfile(folder).Where(i => i.Keyword == "RUN").Select(i => i.Arguments).ToList();
        Assert.Contains(runs, r => r.Contains("dotnet restore", StringComparison.Ordinal) && r.Contains(project, StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("dotnet publish", StringComparison.Ordinal) && r.Contains(project, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void Runs_as_a_non_root_user_exposes_the_appsettings_port_and_starts_the_service_dll(string folder)
    {
        var instructions = DeploymentFiles.Dockerfile(folder);
        var runtime = instructions.Skip(instructions.ToList().FindLastIndex(i => i.Keyword == "FROM")).ToList();

        var user = Assert.Single(runtime, i => i.Keyword == "USER").Arguments.Split(':')[0];
        Assert.True(user == "app" || user == "$APP_UID" || (int.TryParse(user, NumberStyles.None, CultureInfo.InvariantCulture, out var uid) && uid > 0),
            $"services/{folder}/Dockerfile: USER {user} is not a non-root user");

        var port = DeploymentFiles.AppSettingsPort(folder);
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), Assert.Single(runtime, i => i.Keyword == "EXPOSE").Arguments);

        var entrypoint = Assert.Single(runtime, i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.Equal($"[\"dotnet\", \"P2PMarket.Services.{folder}.dll\"]", entrypoint);
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_and_VCS_data()
    {
        var path = Path.Combine(DeploymentFiles.RepositoryRoot, ".dockerignore");
        Assert.True(File.Exists(path), "missing .dockerignore at the repository root (the build context)");
        var patterns = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        foreach (var required in new[] { "**/bin/", "**/obj/", ".git/" })
            Assert.Contains(required, patterns);
        // What the Dockerfiles copy must stay in the context.
        foreach (var kept in new[] { "src/", "protos/", "services/", "Directory.Build.props", "Directory.Packages.props", "global.json" })
            Assert.DoesNotContain(kept, patterns);
    }
}
