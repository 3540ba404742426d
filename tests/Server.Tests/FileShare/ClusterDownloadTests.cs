using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using PacketCapture.Server.Tests.Server;
using Xunit.Abstractions;

namespace PacketCapture.Server.Tests.FileShare;

/// <summary>
/// GET /download of a capture whose files are on two members' nodes: one zip from either member,
/// the other node's files streamed over the cluster's remoting; a stopped member fails the
/// download clearly; clean deletes on both.
/// </summary>
public sealed class ClusterDownloadTests(ITestOutputHelper output) : IDisposable
{
    private const int Sent = 20;
    private readonly TempDirectory _temp = new();
    private readonly VethNetwork _network = new();

    public void Dispose()
    {
        _network.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_download_from_either_member_holds_both_nodes_files_and_clean_deletes_them_on_both()
    {
        await using var cluster = await TwoMembers.StartAsync(_temp.Path);
        var (webA, webB) = (_network.CreateLink(), _network.CreateLink());
        cluster.A.Endpoints.Upsert(TwoMembers.Endpoint("web-a", webA.HostInterface, "web"));
        cluster.B.Endpoints.Upsert(TwoMembers.Endpoint("web-b", webB.HostInterface, "web"));
        using var a = cluster.A.Client();
        using var b = cluster.B.Client();
        await TwoMembers.CreateAsync(a, "web", "app == 'web'", DateTimeOffset.UtcNow.AddSeconds(40));
        Poll.Until(
            () => TwoMembers.StateOf(a, "web", "node-a") == "WaitingForTraffic" && TwoMembers.StateOf(a, "web", "node-b") == "WaitingForTraffic",
            "both nodes to open their pod's interface", 30_000);

        Assert.Equal(Sent, _network.Send(webA, "udp", Sent, destinationPort: 7777));
        Assert.Equal(Sent, _network.Send(webB, "udp", Sent, destinationPort: 7777, firstSeq: 1000));
        var expected = new[] { $"node-a/web-a_{webA.HostInterface}.pcap", $"node-b/web-b_{webB.HostInterface}.pcap" };

        // Files are flushed as the ring drains: download until both hold every packet sent.
        var fromA = _temp.File("from-a");
        Poll.Until(() => Download(a, "web", fromA) is { } entries && entries.SequenceEqual(expected) && Packets(fromA, expected).All(n => n == Sent),
            "a download from member A to hold both nodes' packets", 30_000);
        Assert.All(TcpdumpReader.Packets(Path.Combine(fromA, expected[0])), p => Assert.Contains($"{webA.PodAddress}.", p, StringComparison.Ordinal));
        Assert.All(TcpdumpReader.Packets(Path.Combine(fromA, expected[1])), p => Assert.Contains($"{webB.PodAddress}.", p, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1000, Sent).Select(i => (long)i), TcpdumpReader.Sequence(Path.Combine(fromA, expected[1])));

        var fromB = _temp.File("from-b");
        Assert.Equal(expected, Download(b, "web", fromB));
        Assert.Equal([Sent, Sent], Packets(fromB, expected));

        Poll.Until(() => TwoMembers.StateOf(a, "web", "node-a") == "Finished" && TwoMembers.StateOf(a, "web", "node-b") == "Finished",
            "both nodes to finish at the end time", 60_000);
        using (var clean = await a.DeleteAsync($"/files/{TwoMembers.Ns}/web"))
        {
            Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
        }

        Poll.Until(() => TwoMembers.NodeFiles(a, "web").Values.All(n => n.Files.Count == 0) && PcapCount(cluster.A, "web") == 0 && PcapCount(cluster.B, "web") == 0,
            "both nodes to delete their files", 30_000);
        using var after = await a.GetAsync($"/download/{TwoMembers.Ns}/web/files.zip");
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);

        // One journal for both members: SQLite followed B's link to A's file and its write-ahead log.
        Assert.False(File.Exists(Path.Combine(_temp.Path, "node-b", "packetcapture.db-wal")));
    }

    [Fact]
    public async Task A_large_file_on_the_other_member_streams_through_in_bounded_memory()
    {
        await using var cluster = await TwoMembers.StartAsync(_temp.Path);
        var link = _network.CreateLink();
        cluster.B.Endpoints.Upsert(TwoMembers.Endpoint("big-b", link.HostInterface, "big"));
        using var a = cluster.A.Client();
        await TwoMembers.CreateAsync(a, "big", "app == 'big'", DateTimeOffset.UtcNow.AddSeconds(15));
        Poll.Until(() => TwoMembers.StateOf(a, "big", "node-b") == "WaitingForTraffic", "node-b to open its pod's interface", 30_000);
        _network.Send(link, "udp", 10);
        Poll.Until(() => TwoMembers.StateOf(a, "big", "node-b") == "Finished", "the capture to finish", 60_000);
        var name = Assert.Single(TwoMembers.NodeFiles(a, "big")["node-b"].Files);

        // Grow the finished file on B to 200 MiB of incompressible bytes: the status still lists it.
        const long size = 200L * 1024 * 1024;
        var path = Path.Combine(cluster.B.CaptureDirectory, TwoMembers.Ns, "big", name);
        await using (var file = new FileStream(path, FileMode.Append, FileAccess.Write))
        {
            var chunk = new byte[1024 * 1024];
            Random.Shared.NextBytes(chunk);
            while (file.Length < size)
            {
                await file.WriteAsync(chunk);
            }
        }

        var length = new FileInfo(path).Length;
        var zipPath = _temp.File("big.zip");

        // Both members run in this process, so its RSS bounds what either side holds.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var rssBefore = process.WorkingSet64;
        var rssPeak = rssBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
            {
                process.Refresh();
                rssPeak = Math.Max(rssPeak, process.WorkingSet64);
            }
        });

        var clock = Stopwatch.StartNew();
        using (var response = await a.GetAsync($"/download/{TwoMembers.Ns}/big/files.zip", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var target = new FileStream(zipPath, FileMode.Create, FileAccess.Write, System.IO.FileShare.None, 0);
            await (await response.Content.ReadAsStreamAsync()).CopyToAsync(target, 128 * 1024);
        }

        clock.Stop();
        await sampling.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampler);
        const double mib = 1024.0 * 1024;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"remote {length / mib:0} MiB in {clock.Elapsed.TotalSeconds:0.00} s ({length / mib / clock.Elapsed.TotalSeconds:0} MiB/s); RSS +{(rssPeak - rssBefore) / mib:0.0} MiB"));
        Assert.True(rssPeak - rssBefore <= 64 * 1024 * 1024, $"RSS grew {(rssPeak - rssBefore) / mib:0.0} MiB while streaming {length / mib:0} MiB");

        using var zip = ZipFile.OpenRead(zipPath);
        var entry = Assert.Single(zip.Entries);
        Assert.Equal($"node-b/{name}", entry.FullName);
        Assert.Equal(length, entry.Length);
        await using var entryStream = entry.Open();
        Assert.Equal(await SHA256.HashDataAsync(File.OpenRead(path)), await SHA256.HashDataAsync(entryStream));
    }

    [Fact]
    public async Task With_the_other_member_stopped_the_download_is_a_503_naming_its_node_and_no_zip()
    {
        var cluster = await TwoMembers.StartAsync(_temp.Path);
        try
        {
            var link = _network.CreateLink();
            cluster.B.Endpoints.Upsert(TwoMembers.Endpoint("api-b", link.HostInterface, "api"));
            using var a = cluster.A.Client();
            await TwoMembers.CreateAsync(a, "api", "app == 'api'", endTime: null);
            Poll.Until(() => TwoMembers.StateOf(a, "api", "node-b") == "WaitingForTraffic", "node-b to open its pod's interface", 30_000);
            _network.Send(link, "udp", 5);
            Poll.Until(() => TwoMembers.NodeFiles(a, "api").GetValueOrDefault("node-b").Files?.Count > 0, "node-b's file in the status", 30_000);
            using (var before = await a.GetAsync($"/download/{TwoMembers.Ns}/api/files.zip"))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            await cluster.B.Server.StopAsync();

            // The capture's entity may move from B to A first (a 503 of another kind meanwhile).
            string? message = null;
            Poll.Until(() => (message = UnavailableMessage(a, "api")) is not null && message.Contains("node-b", StringComparison.Ordinal),
                "a 503 naming node-b", 60_000);
            Assert.Equal(
                "node node-b of packetcapture shop/api has files but its member did not answer; nothing was sent, try again when it is back",
                message);
        }
        finally
        {
            await cluster.B.Server.StopAsync();
            await cluster.A.Server.StopAsync();
        }
    }

    /// <summary>The 503 status message, or null for any other answer (a zip would fail the test).</summary>
    private static string? UnavailableMessage(HttpClient client, string name)
    {
        using var response = client.GetAsync($"/download/{TwoMembers.Ns}/{name}/files.zip").GetAwaiter().GetResult();
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
        return status.GetProperty("message").GetString();
    }

    /// <summary>Downloads and extracts the zip into <paramref name="directory"/>; its entry names, or null when not 200.</summary>
    private static List<string>? Download(HttpClient client, string name, string directory)
    {
        using var response = client.GetAsync($"/download/{TwoMembers.Ns}/{name}/files.zip").GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        using var zip = new ZipArchive(response.Content.ReadAsStream());
        zip.ExtractToDirectory(directory);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static List<int> Packets(string directory, IEnumerable<string> entries) =>
        entries.Select(e => EndToEnd.NetnsCaptureTests.CountOrZero(Path.Combine(directory, e))).ToList();

    private static int PcapCount(ClusterMember member, string name)
    {
        var directory = Path.Combine(member.CaptureDirectory, TwoMembers.Ns, name);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.pcap").Count() : 0;
    }
}
