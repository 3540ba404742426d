using Microsoft.Extensions.Logging;
using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

/// <summary>
/// The endpoints file on real files. The periodic rescan is set far beyond every deadline, so
/// each change seen here came through the directory watch.
/// </summary>
public sealed class EndpointFileSourceTests : IDisposable
{
    private static readonly TimeSpan NoPeriodicRescan = TimeSpan.FromMinutes(10);

    private const string TwoPods = """
        endpoints:
          - {namespace: team-a, pod: web-1, interface: veth-web1, labels: {app: web}}
          - {namespace: team-a, pod: db-1, interface: veth-db1, labels: {app: db}}
        """;

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("pct-endpoints-");
    private readonly LogRecorder _log = new();

    private string FilePath => Path.Combine(_work.FullName, "endpoints.yaml");

    private EndpointFileSource Source() => new(FilePath, _log.Logger, NoPeriodicRescan);

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task The_stream_starts_with_every_endpoint_of_the_file()
    {
        File.WriteAllText(FilePath, TwoPods);
        await using var stream = new ChangeStream(Source());

        var first = await stream.NextUpsertAsync();
        var second = await stream.NextUpsertAsync();

        Assert.Equal(["team-a/db-1/eth0", "team-a/web-1/eth0"], [first.Id, second.Id]);
        Assert.Equal(("veth-db1", "db"), (first.InterfaceName, first.Labels["app"]));
    }

    [Fact]
    public async Task A_file_replaced_by_rename_yields_its_upserts_and_removes()
    {
        File.WriteAllText(FilePath, TwoPods);
        await using var stream = new ChangeStream(Source());
        await stream.UntilAsync(v => v.Count == 2, "the initial endpoints");

        TestFiles.WriteAtomically(FilePath, """
            endpoints:
              - {namespace: team-a, pod: web-1, interface: veth-web1, labels: {app: web, version: v2}}
              - {namespace: team-a, pod: web-2, interface: veth-web2, labels: {app: web}}
            """);

        Assert.Equal("team-a/db-1/eth0", await stream.NextRemoveAsync());
        var relabelled = await stream.NextUpsertAsync();
        Assert.Equal(("team-a/web-1/eth0", "v2"), (relabelled.Id, relabelled.Labels["version"]));
        Assert.Equal("team-a/web-2/eth0", (await stream.NextUpsertAsync()).Id);
    }

    [Fact]
    public async Task A_typo_keeps_the_last_good_endpoints_and_is_logged()
    {
        File.WriteAllText(FilePath, TwoPods);
        await using var stream = new ChangeStream(Source());
        await stream.UntilAsync(v => v.Count == 2, "the initial endpoints");

        TestFiles.WriteAtomically(FilePath, TwoPods.Replace("interface: veth-db1", "interace: veth-db1", StringComparison.Ordinal));
        // The error lines come first, then the one saying what is kept.
        Poll.Until(() => _log.Has(LogLevel.Warning, "keeping the last good set of 2 endpoints"), "the typo to be reported");
        Assert.True(_log.Has(LogLevel.Error, "endpoints.yaml: endpoints[1].interace: unknown field"));

        // Had the typo dropped anything, its removes would come before this upsert.
        TestFiles.WriteAtomically(FilePath, TwoPods.Replace("app: web}", "app: web2}", StringComparison.Ordinal));
        var next = await stream.NextUpsertAsync();
        Assert.Equal(("team-a/web-1/eth0", "web2"), (next.Id, next.Labels["app"]));
        Assert.Equal(2, stream.View.Count);
    }

    [Fact]
    public async Task Deleting_the_file_removes_its_endpoints()
    {
        File.WriteAllText(FilePath, TwoPods);
        await using var stream = new ChangeStream(Source());
        await stream.UntilAsync(v => v.Count == 2, "the initial endpoints");

        File.Delete(FilePath);

        Assert.Equal("team-a/db-1/eth0", await stream.NextRemoveAsync());
        Assert.Equal("team-a/web-1/eth0", await stream.NextRemoveAsync());
        Assert.True(_log.Has(LogLevel.Warning, "was deleted; its 2 endpoints are removed"));
    }

    [Fact]
    public async Task A_missing_file_at_start_is_logged_and_its_endpoints_come_when_it_is_created()
    {
        await using var stream = new ChangeStream(Source());
        Poll.Until(() => _log.Has(LogLevel.Error, "does not exist"), "the missing file to be reported");

        TestFiles.WriteAtomically(FilePath, TwoPods);

        await stream.UntilAsync(v => v.Count == 2, "the endpoints of the created file");
    }

    [Fact]
    public async Task A_bad_file_at_start_gives_no_endpoints_until_it_is_fixed()
    {
        File.WriteAllText(FilePath, "endpoints:\n  - pod: web-1\n");
        await using var stream = new ChangeStream(Source());
        Poll.Until(() => _log.Has(LogLevel.Error, "endpoints.yaml: endpoints[0].interface: required"), "the bad file to be reported");
        Assert.True(stream.NothingPending);

        TestFiles.WriteAtomically(FilePath, TwoPods);

        await stream.UntilAsync(v => v.Count == 2, "the endpoints of the fixed file");
        Assert.True(_log.Has(LogLevel.Information, "is valid again"));
    }
}
