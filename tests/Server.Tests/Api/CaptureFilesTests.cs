using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using PacketCapture.Actors.Nodes;
using Xunit.Abstractions;

namespace PacketCapture.Server.Tests.Api;

/// <summary>
/// The file endpoints on a real capture: libpcap on a veth pair the test creates, packets sent
/// into it, the zip downloaded over loopback and its pcaps read back with tcpdump.
/// </summary>
public sealed class CaptureFilesTests(ApiServer server, ITestOutputHelper output) : IClassFixture<ApiServer>
{
    private const string Ns = "files-test";

    [Fact]
    public async Task A_capture_without_files_downloads_as_204()
    {
        using var admin = server.Client();
        await CreateAsync(admin, "nothing-selected", "app == 'nobody'", endTime: null);
        using var response = await admin.GetAsync($"/download/{Ns}/nothing-selected/files.zip");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var unknown = await admin.GetAsync($"/download/{Ns}/no-such-capture/files.zip");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var cleanUnknown = await admin.DeleteAsync($"/files/{Ns}/no-such-capture");
        Assert.Equal(HttpStatusCode.NotFound, cleanUnknown.StatusCode);
        (await admin.DeleteAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures/nothing-selected")).Dispose();
    }

    [Fact]
    public async Task Captured_packets_download_as_a_zip_tcpdump_reads_and_clean_waits_for_finished()
    {
        using var network = new VethNetwork();
        var link = network.CreateLink();
        using var admin = server.Client();
        var endpoint = Endpoint("web-1", link.HostInterface, "web");
        server.Endpoints.Upsert(endpoint);
        try
        {
            await CreateAsync(admin, "web-capture", "app == 'web'", DateTimeOffset.UtcNow.AddSeconds(10));
            Poll.Until(() => NodeState(admin, "web-capture") == "WaitingForTraffic", "the capture to open its interface", 8_000);

            const int sent = 40;
            Assert.Equal(sent, network.Send(link, "udp", sent, destinationPort: 5353));
            Poll.Until(() => NodeState(admin, "web-capture") == "Capturing" && FileNames(admin, "web-capture").Count > 0,
                "status to list a file while capturing", 8_000);

            using (var early = await admin.DeleteAsync($"/files/{Ns}/web-capture"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);
                var status = JsonDocument.Parse(await early.Content.ReadAsStringAsync()).RootElement;
                Assert.Contains("Finished", status.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            Poll.Until(() => NodeState(admin, "web-capture") == "Finished", "the capture to finish at its endTime", 20_000);
            var listed = FileNames(admin, "web-capture");

            using var response = await admin.GetAsync($"/download/{Ns}/web-capture/files.zip", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal($"{Ns}_web-capture_files.zip", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            var extracted = Path.Combine(network.WorkDirectory, "extracted");
            var zipPath = Path.Combine(network.WorkDirectory, "files.zip");
            await using (var file = File.Create(zipPath))
            {
                await (await response.Content.ReadAsStreamAsync()).CopyToAsync(file);
            }

            using (var zip = ZipFile.OpenRead(zipPath))
            {
                Assert.Equal(listed.Select(n => $"{ApiServer.NodeName}/{n}"), zip.Entries.Select(e => e.FullName));
                Assert.All(zip.Entries, e => Assert.Equal(0b110_100_000, (e.ExternalAttributes >> 16) & 0b111_111_111));
            }

            ZipFile.ExtractToDirectory(zipPath, extracted);
            var packets = listed.Sum(name => TcpdumpReader.Packets(Path.Combine(extracted, ApiServer.NodeName, name)).Count);
            Assert.Equal(sent, packets);

            using (var clean = await admin.DeleteAsync($"/files/{Ns}/web-capture"))
            {
                Assert.Equal(HttpStatusCode.OK, clean.StatusCode);
            }

            var directory = Path.Combine(server.CaptureDirectory, Ns, "web-capture");
            Poll.Until(() => FileNames(admin, "web-capture").Count == 0 && !Directory.EnumerateFiles(directory, "*.pcap").Any(),
                "the files to be deleted", 10_000);
            using var after = await admin.GetAsync($"/download/{Ns}/web-capture/files.zip");
            Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
        }
        finally
        {
            server.Endpoints.Remove(endpoint.Id);
            (await admin.DeleteAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures/web-capture")).Dispose();
        }
    }

    [Fact]
    public async Task A_large_file_streams_in_bounded_memory()
    {
        using var network = new VethNetwork();
        var link = network.CreateLink();
        using var admin = server.Client();
        var endpoint = Endpoint("big-1", link.HostInterface, "big");
        server.Endpoints.Upsert(endpoint);
        try
        {
            await CreateAsync(admin, "big-capture", "app == 'big'", DateTimeOffset.UtcNow.AddSeconds(5));
            Poll.Until(() => NodeState(admin, "big-capture") == "WaitingForTraffic", "the capture to open its interface", 8_000);
            network.Send(link, "udp", 10);
            Poll.Until(() => NodeState(admin, "big-capture") == "Finished", "the capture to finish", 20_000);
            var name = Assert.Single(FileNames(admin, "big-capture"));

            // Grow the finished capture file to 320 MB of incompressible bytes (the status lists it).
            const long size = 320L * 1024 * 1024;
            var path = Path.Combine(server.CaptureDirectory, Ns, "big-capture", name);
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
            var zipPath = Path.Combine(network.WorkDirectory, "big.zip");
            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
            var rssBefore = process.WorkingSet64;
            long managedPeak = managedBefore, rssPeak = rssBefore;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
                while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false))
                {
                    process.Refresh();
                    managedPeak = Math.Max(managedPeak, GC.GetTotalMemory(forceFullCollection: false));
                    rssPeak = Math.Max(rssPeak, process.WorkingSet64);
                }
            });

            var clock = Stopwatch.StartNew();
            using (var response = await admin.GetAsync($"/download/{Ns}/big-capture/files.zip", HttpCompletionOption.ResponseHeadersRead))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Null(response.Content.Headers.ContentLength);
                await using var target = new FileStream(zipPath, FileMode.Create, FileAccess.Write, System.IO.FileShare.None, 0);
                await (await response.Content.ReadAsStreamAsync()).CopyToAsync(target, 128 * 1024);
            }

            clock.Stop();
            await sampling.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sampler);

            var mib = 1024.0 * 1024;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{length / mib:0} MiB in {clock.Elapsed.TotalSeconds:0.00} s ({length / mib / clock.Elapsed.TotalSeconds:0} MiB/s, level {PacketCapture.Host.Api.CaptureZip.Level}); " +
                $"managed +{(managedPeak - managedBefore) / mib:0.0} MiB, RSS +{(rssPeak - rssBefore) / mib:0.0} MiB"));
            Assert.True(managedPeak - managedBefore <= 64 * 1024 * 1024, $"managed memory grew {(managedPeak - managedBefore) / mib:0.0} MiB");
            Assert.True(rssPeak - rssBefore <= 64 * 1024 * 1024, $"RSS grew {(rssPeak - rssBefore) / mib:0.0} MiB");

            using var zip = ZipFile.OpenRead(zipPath);
            var entry = Assert.Single(zip.Entries);
            Assert.Equal($"{ApiServer.NodeName}/{name}", entry.FullName);
            Assert.Equal(length, entry.Length);
        }
        finally
        {
            server.Endpoints.Remove(endpoint.Id);
            (await admin.DeleteAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures/big-capture")).Dispose();
        }
    }

    private static WorkloadEndpoint Endpoint(string pod, string hostInterface, string app) =>
        new(Ns, pod, pod, hostInterface, ImmutableSortedDictionary<string, string>.Empty.Add("app", app));

    private static async Task CreateAsync(HttpClient admin, string name, string selector, DateTimeOffset? endTime)
    {
        var end = endTime is { } at ? $"  endTime: '{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}'\n" : "";
        var doc = $"apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: {name}\nspec:\n  selector: \"{selector}\"\n{end}";
        using var created = await admin.PostAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures", ApiServer.Yaml(doc));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static JsonElement? LocalFiles(HttpClient admin, string name)
    {
        using var response = admin.GetAsync($"/apis/projectcalico.org/v3/namespaces/{Ns}/packetcaptures/{name}").GetAwaiter().GetResult();
        var resource = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult()).RootElement;
        if (!resource.TryGetProperty("status", out var status))
        {
            return null;
        }

        foreach (var files in status.GetProperty("files").EnumerateArray())
        {
            if (files.GetProperty("node").GetString() == ApiServer.NodeName)
            {
                return files.Clone();
            }
        }

        return null;
    }

    private static string? NodeState(HttpClient admin, string name) =>
        LocalFiles(admin, name) is { } files && files.TryGetProperty("state", out var state) ? state.GetString() : null;

    private static List<string> FileNames(HttpClient admin, string name) =>
        LocalFiles(admin, name) is { } files
            ? files.GetProperty("fileNames").EnumerateArray().Select(n => n.GetString()!).ToList()
            : [];
}
