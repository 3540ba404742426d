using Microsoft.Extensions.Logging;
using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

/// <summary>The merged source the standalone member uses: netns discovery plus the endpoints file.</summary>
public sealed class LocalEndpointsTests : IDisposable
{
    private readonly VethNetwork _network = new();
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pct-local-");
    private readonly LogRecorder _log = new();

    private string PodsDirectory => Path.Combine(_work.FullName, "pods");

    private string EndpointsFile => Path.Combine(_work.FullName, "endpoints.yaml");

    public void Dispose()
    {
        _network.Dispose();
        _work.Delete(recursive: true);
    }

    [Fact]
    public void The_pods_directory_is_created_private()
    {
        using var factory = _log.Factory();

        LocalEndpoints.Create(null, PodsDirectory, factory);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(PodsDirectory));
    }

    [Fact]
    public async Task Both_sources_are_merged_and_the_file_wins_for_the_same_endpoint()
    {
        var shared = _network.CreateLink();
        var discovered = _network.CreateLink();
        using var factory = _log.Factory();
        var source = LocalEndpoints.Create(EndpointsFile, PodsDirectory, factory);
        File.WriteAllText(Path.Combine(PodsDirectory, shared.Namespace + ".yaml"), "namespace: team-a\npod: web-1\nlabels: {app: from-netns}\n");
        File.WriteAllText(Path.Combine(PodsDirectory, discovered.Namespace + ".yaml"), "namespace: team-a\npod: web-2\nlabels: {app: web}\n");
        File.WriteAllText(EndpointsFile, """
            endpoints:
              - {namespace: team-a, pod: web-1, interface: veth-file1, labels: {app: from-file}}
              - {namespace: team-b, pod: db-1, interface: veth-file2}
            """);
        await using var stream = new ChangeStream(source);

        // The first changes are the merged set: one upsert per endpoint, the file's for the shared one.
        var initial = new[] { await stream.NextUpsertAsync(), await stream.NextUpsertAsync(), await stream.NextUpsertAsync() };
        Assert.Equal(["team-a/web-1/eth0", "team-a/web-2/eth0", "team-b/db-1/eth0"], initial.Select(e => e.Id));
        Assert.Equal(("veth-file1", "from-file"), (initial[0].InterfaceName, initial[0].Labels["app"]));
        Assert.Equal(discovered.HostInterface, initial[1].InterfaceName);
        Assert.Equal(1, _log.Count(m => m.Contains("team-a/web-1/eth0", StringComparison.Ordinal) && m.Contains("the endpoints file wins", StringComparison.Ordinal)));

        // Without the file's entry, the discovered netns is the endpoint again.
        TestFiles.WriteAtomically(EndpointsFile, "endpoints:\n  - {namespace: team-b, pod: db-1, interface: veth-file2}\n");
        var fallback = await stream.NextUpsertAsync();
        Assert.Equal(("team-a/web-1/eth0", shared.HostInterface, "from-netns"), (fallback.Id, fallback.InterfaceName, fallback.Labels["app"]));

        // The file wins again when the entry comes back, and the warning is not repeated.
        TestFiles.WriteAtomically(EndpointsFile, """
            endpoints:
              - {namespace: team-a, pod: web-1, interface: veth-file1, labels: {app: from-file}}
              - {namespace: team-b, pod: db-1, interface: veth-file2}
            """);
        Assert.Equal("veth-file1", (await stream.NextUpsertAsync()).InterfaceName);
        Assert.Equal(1, _log.Count(m => m.Contains("the endpoints file wins", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_an_endpoints_file_only_labelled_netns_are_endpoints()
    {
        var link = _network.CreateLink();
        using var factory = _log.Factory();
        var source = LocalEndpoints.Create(null, PodsDirectory, factory);
        await using var stream = new ChangeStream(source);

        TestFiles.WriteAtomically(Path.Combine(PodsDirectory, link.Namespace + ".yaml"), "labels: {app: web}\n");

        var endpoint = await stream.NextUpsertAsync();
        Assert.Equal(link.HostInterface, endpoint.InterfaceName);
        Assert.False(_log.Has(LogLevel.Error, "does not exist"));
    }
}
