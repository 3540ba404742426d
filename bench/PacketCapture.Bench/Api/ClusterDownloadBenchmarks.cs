using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PacketCapture.Bench.Api;

/// <summary>
/// <c>dotnet run -c Release --project bench/PacketCapture.Bench -- download [--quick]</c>: two real
/// <c>packetcapture serve</c> processes in one cluster on loopback (B joins A by <c>seed-nodes</c> in a
/// <c>--config</c> file; B's journal path links to A's file), a capture on each node's pod (interface
/// lo), each file grown to the same size, and both downloaded from A: the local file from A's disk,
/// the remote one through stream refs from B. Reports MB/s of each and A's RSS growth.
/// </summary>
internal static class ClusterDownloadBenchmarks
{
    private const string Ns = "bench";
    private const string Resources = "/apis/projectcalico.org/v3/namespaces/" + Ns + "/packetcaptures";
    private const int UdpPort = 9;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var size = (quick ? 256L : 1024L) * 1024 * 1024;
        Console.WriteLine($"cluster download ({(quick ? "quick" : "full")}), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, load average {ApiBenchmarks.LoadAverage()}");
        var root = Directory.CreateTempSubdirectory("pc-dlbench-");
        try
        {
            var port = FreePort();
            await using var a = await StartAsync(root.FullName, "node-a", $"akka.remote.dot-netty.tcp.port = {port}");
            var dataB = Path.Combine(root.FullName, "node-b", "data");
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("PacketCapture runs on Linux only");
            }

            // Owner-only, as serve makes its data directory: the journal names every capture.
            Directory.CreateDirectory(dataB, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.CreateSymbolicLink(Path.Combine(dataB, "packetcapture.db"), Path.Combine(root.FullName, "node-a", "data", "packetcapture.db"));
            await using var b = await StartAsync(root.FullName, "node-b", $"akka.cluster.seed-nodes = [\"akka.tcp://packetcapture@127.0.0.1:{port}\"]");
            using var client = new HttpClient { BaseAddress = a.Server.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", a.Token);

            var rows = new List<string[]>();
            foreach (var (capture, member) in new[] { ("local", a), ("remote", b) })
            {
                var file = await CaptureOneFileAsync(client, capture, member.Node);
                var path = Path.Combine(member.Data, "pcap", Ns, capture, file);
                PcapFill.GrowTo(path, size);
                rows.Add(await DownloadAsync(client, a.Server.ProcessId, capture, new FileInfo(path).Length));
            }

            Console.WriteLine();
            Console.WriteLine("| Download from member A | MB/s | A's RSS growth |");
            Console.WriteLine("|---|---|---|");
            foreach (var row in rows)
            {
                Console.WriteLine($"| {string.Join(" | ", row)} |");
            }

            return 0;
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<string[]> DownloadAsync(HttpClient client, int serverProcess, string capture, long length)
    {
        var before = ProcessMemory.Read(serverProcess);
        var download = await ZipDownload.ReceiveAsync(client, $"/download/{Ns}/{capture}/files.zip", serverProcess, $"download {capture}");
        var received = download.Received;
        if (received < length)
        {
            throw new InvalidOperationException($"download {capture}: {received} B received, less than the {length} B file");
        }

        const double Mb = 1024 * 1024;
        var rate = received / 1e6 / download.Elapsed.TotalSeconds;
        var growth = Math.Max(download.PeakRss, ProcessMemory.Read(serverProcess).Rss) - before.Rss;
        Console.WriteLine($"{capture}: {received:N0} B zip of a {length:N0} B file in {download.Elapsed.TotalSeconds:0.00} s, {rate:0} MB/s; " +
            $"A's RSS +{growth / Mb:0.0} MiB; load average {ApiBenchmarks.LoadAverage()}");
        return [$"{capture} file ({length / Mb:N0} MiB)", $"{rate:0} MB/s ({download.Elapsed.TotalSeconds:0.0} s)", $"+{growth / Mb:0.0} MiB"];
    }

    /// <summary>Applies a capture on one node's pod (lo, UDP port 9), sends datagrams until it lists a file, waits for Finished.</summary>
    private static async Task<string> CaptureOneFileAsync(HttpClient client, string capture, string node)
    {
        var end = DateTimeOffset.UtcNow.AddSeconds(8).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = $$$"""
            {"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"{{{capture}}}","namespace":"{{{Ns}}}"},
             "spec":{"selector":"node == '{{{node}}}'","filters":[{"protocol":"UDP","ports":[{{{UdpPort}}}]}],"endTime":"{{{end}}}"}}
            """;
        using (var created = await client.PostAsync(Resources, new StringContent(body, Encoding.UTF8, "application/json")))
        {
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"apply {capture}: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }
        }

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var target = new IPEndPoint(IPAddress.Loopback, UdpPort);
        var clock = Stopwatch.StartNew();
        string? file = null;
        while (true)
        {
            if (file is null)
            {
                await udp.SendAsync(new byte[64], target);
            }

            var (state, files) = await NodeFilesAsync(client, capture, node);
            file ??= files.FirstOrDefault();
            if (file is not null && state == "Finished")
            {
                return file;
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"waited 60 s for {capture} on {node} to list a file and finish; last state {state ?? "none"}");
            }

            // Polling the server's status: the pause is the poll interval, not a stand-in for a wait.
            await Task.Delay(100);
        }
    }

    private static async Task<(string? State, List<string> Files)> NodeFilesAsync(HttpClient client, string capture, string node)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"{Resources}/{capture}"));
        if (document.RootElement.TryGetProperty("status", out var status) && status.TryGetProperty("files", out var all))
        {
            foreach (var files in all.EnumerateArray().Where(f => f.GetProperty("node").GetString() == node))
            {
                var state = files.TryGetProperty("state", out var s) ? s.GetString() : null;
                var names = files.TryGetProperty("fileNames", out var n) ? n.EnumerateArray().Select(f => f.GetString()!).ToList() : [];
                return (state, names);
            }
        }

        return (null, []);
    }

    private static async Task<Member> StartAsync(string root, string node, string hocon)
    {
        var directory = Path.Combine(root, node);
        Directory.CreateDirectory(directory);
        var endpoints = Path.Combine(directory, "endpoints.yaml");
        await File.WriteAllTextAsync(endpoints, $"""
            endpoints:
              - namespace: {Ns}
                pod: pod-{node}
                endpoint: eth0
                interface: lo
                labels:
                  node: {node}
            """);
        var config = Path.Combine(directory, "member.conf");
        await File.WriteAllTextAsync(config, hocon + "\nakka.loglevel = WARNING\n");
        var server = await ChildServer.StartAsync(ApiBenchmarks.ServeBinary(),
            ["serve", "--data-dir", "data", "--listen", "127.0.0.1:0", "--endpoints", endpoints, "--node", node, "--config", config], directory);
        var data = Path.Combine(directory, "data");
        return new Member(node, server, data, (await File.ReadAllTextAsync(Path.Combine(data, "admin-token"))).Trim());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Member(string Node, ChildServer Server, string Data, string Token) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Server.DisposeAsync();
    }
}
