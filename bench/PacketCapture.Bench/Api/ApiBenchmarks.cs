using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using PacketCapture.Bench.Actors;

namespace PacketCapture.Bench.Api;

/// <summary>
/// The HTTP API harness: <c>dotnet run -c Release --project bench/PacketCapture.Bench -- api [--quick] [--connections N]</c>.
/// Runs the real <c>packetcapture serve</c> as its own process on a temp data dir, loads it from
/// this process over loopback (bounded in count and time), and loads a bare Kestrel reference
/// server (<c>api reference-server</c>, also its own process) the same way in the same run.
/// </summary>
internal static class ApiBenchmarks
{
    private const string Ns = "bench";
    private const string Resources = "/apis/projectcalico.org/v3/namespaces/" + Ns + "/packetcaptures";
    private const string Node = "bench-node";
    private const int UdpPort = 9;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "reference-server")
        {
            return await ReferenceServer.RunAsync(args[1..]);
        }

        var quick = args.Contains("--quick");
        var connections = Option(args, "--connections") ?? 16;
        var scale = new Scale(quick);
        Console.WriteLine($"HTTP API benchmarks ({(quick ? "quick" : "full")}), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {connections} connections, load average {LoadAverage()}");
        var total = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory("pc-apibench-");
        try
        {
            return await RunInAsync(root.FullName, scale, connections);
        }
        finally
        {
            root.Delete(recursive: true);
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s; load average after {LoadAverage()}");
        }
    }

    private static async Task<int> RunInAsync(string root, Scale scale, int connections)
    {
        var endpointsFile = Path.Combine(root, "endpoints.yaml");

        // One pod whose interface is lo: the capture that lists the big file captures real UDP
        // datagrams to 127.0.0.1:9 and nothing of the HTTP load (its filter is UDP port 9).
        await File.WriteAllTextAsync(endpointsFile, $"""
            endpoints:
              - namespace: {Ns}
                pod: bench-0
                endpoint: eth0
                interface: lo
                labels:
                  app: bench
            """);

        // The embedded default's layout: run in a directory, data in ./data under it.
        var data = Path.Combine(root, "data");
        var serve = await ChildServer.StartAsync(ServeBinary(),
            ["serve", "--data-dir", "data", "--listen", "127.0.0.1:0", "--endpoints", endpointsFile, "--node", Node], root);
        var rows = new List<string[]>();
        await using (serve.ConfigureAwait(false))
        {
            var token = (await File.ReadAllTextAsync(Path.Combine(data, "admin-token"))).Trim();
            using var ours = new LoadGenerator(serve.BaseAddress, token, connections, serve.ProcessId);
            Console.WriteLine($"serve pid {serve.ProcessId} at {serve.BaseAddress}");

            var fileName = await CaptureOneFileAsync(ours.Client);
            var getSize = (await ours.Client.GetByteArrayAsync($"{Resources}/c0")).Length;
            using var probe = await ours.Client.SendAsync(Apply("size-probe"));
            var applySize = (await probe.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine($"c0 lists {fileName}; get response {getSize} B, apply response {applySize} B");

            var reference = await ChildServer.StartAsync(Environment.ProcessPath!,
                ["api", "reference-server", getSize.ToString(CultureInfo.InvariantCulture), applySize.ToString(CultureInfo.InvariantCulture)]);
            await using (reference.ConfigureAwait(false))
            {
                using var bare = new LoadGenerator(reference.BaseAddress, null, connections, reference.ProcessId);
                rows.Add(await CompareAsync($"get one capture, {connections} connections", ours, bare,
                    _ => new HttpRequestMessage(HttpMethod.Get, $"{Resources}/c0"), HttpStatusCode.OK,
                    scale.Gets, scale.GetSeconds, scale.GetWarmUps, "≥ 5,000/s", 5_000));
                rows.Add(await CompareAsync($"apply a new capture, {connections} connections", ours, bare,
                    Apply, HttpStatusCode.Created,
                    scale.Applies, scale.ApplySeconds, scale.ApplyWarmUps, "≥ 500/s", 500));
            }

            rows.AddRange(await DownloadAsync(ours.Client, serve.ProcessId, Path.Combine(data, "pcap", Ns, "c0", fileName), scale.DownloadBytes));
        }

        Console.WriteLine();
        Console.WriteLine("| Measure | Result | Reference | Goal | Met |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {string.Join(" | ", row)} |");
        }

        Console.WriteLine();
        return 0;
    }

    /// <summary>Warm-up on both servers, then the measured run on ours and at once on the reference.</summary>
    private static async Task<string[]> CompareAsync(string label, LoadGenerator ours, LoadGenerator bare,
        Func<int, HttpRequestMessage> request, HttpStatusCode expected, int count, double seconds, int warmUps, string goal, double goalPerSecond)
    {
        // Warm-up requests have indices past the measured ones: applies stay distinct names.
        var warm = TimeSpan.FromSeconds(Math.Max(2, seconds / 4));
        Print($"{label} warm-up", await ours.RunAsync(i => request(count + i), expected, warmUps, warm));
        Print($"{label} warm-up (reference)", await bare.RunAsync(i => request(count + i), expected, warmUps, warm));
        Console.WriteLine($"load average {LoadAverage()}");
        var ourResult = await ours.RunAsync(request, expected, count, TimeSpan.FromSeconds(seconds));
        Print(label, ourResult);
        var bareResult = await bare.RunAsync(request, expected, count, TimeSpan.FromSeconds(seconds));
        Print($"{label} (reference)", bareResult);
        return [label, Describe(ourResult), Describe(bareResult), goal,
            ourResult.Errors == 0 && ourResult.PerSecond >= goalPerSecond ? "met" : "**not met**"];
    }

    private static async Task<IEnumerable<string[]>> DownloadAsync(HttpClient client, int serverProcess, string path, long size)
    {
        var fill = Stopwatch.StartNew();
        var idleCpu = ProcessCpu.Read(serverProcess);
        PcapFill.GrowTo(path, size);
        var length = new FileInfo(path).Length;

        // The server does nothing for this write; any CPU it uses meanwhile is its idle cost plus whatever watches ./data.
        Console.WriteLine($"grew {Path.GetFileName(path)} to {length:N0} B in {fill.Elapsed.TotalSeconds:0.0} s; " +
            $"server CPU meanwhile {(ProcessCpu.Read(serverProcess) - idleCpu).TotalMilliseconds:0} ms");

        // Reference: the same file read to a null stream (it is in the page cache after the fill, as it is for the download).
        var buffer = new byte[128 * 1024];
        var read = Stopwatch.StartNew();
        long readBytes = 0;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 0, FileOptions.SequentialScan))
        {
            int n;
            while ((n = await file.ReadAsync(buffer)) > 0)
            {
                readBytes += n;
            }
        }

        read.Stop();
        var readRate = readBytes / 1e6 / read.Elapsed.TotalSeconds;
        Console.WriteLine($"file read: {readBytes:N0} B in {read.Elapsed.TotalSeconds:0.00} s, {readRate:0} MB/s; load average {LoadAverage()}");

        var before = ProcessMemory.Read(serverProcess);
        var download = await ZipDownload.ReceiveAsync(client, $"/download/{Ns}/c0/files.zip", serverProcess, "download");
        var (received, samples) = (download.Received, download.Samples);
        var after = ProcessMemory.Read(serverProcess);

        // VmHWM catches a peak between samples, when the download set a new lifetime high.
        var peak = Math.Max(Math.Max(download.PeakRss, after.Rss), after.HighWater > before.HighWater ? after.HighWater : 0);
        var rate = received / 1e6 / download.Elapsed.TotalSeconds;
        var growth = peak - before.Rss;
        const double Mb = 1024 * 1024;
        Console.WriteLine($"download: {received:N0} B zip of a {length:N0} B file in {download.Elapsed.TotalSeconds:0.00} s, {rate:0} MB/s; " +
            $"server VmRSS {before.Rss / Mb:0.0} MiB before, peak {peak / Mb:0.0} MiB ({samples} samples every 50 ms), {after.Rss / Mb:0.0} MiB after; " +
            $"VmHWM {before.HighWater / Mb:0.0} → {after.HighWater / Mb:0.0} MiB");
        if (received < length)
        {
            throw new InvalidOperationException($"download: {received} B received, less than the {length} B file");
        }

        var sizeText = $"{length / Mb:N0} MiB";
        return
        [
            [$"download files.zip ({sizeText} pcap), loopback", $"{rate:0} MB/s ({download.Elapsed.TotalSeconds:0.0} s)",
                $"{readRate:0} MB/s (FileStream read of the file)", "–", "–"],
            [$"server RSS during that download", $"+{growth / Mb:0.0} MiB (VmRSS {before.Rss / Mb:0} → peak {peak / Mb:0} MiB)",
                "–", "growth ≤ 64 MB", growth <= 64 * 1_000_000 ? "met" : "**not met**"],
        ];
    }

    /// <summary>Applies c0 on the lo pod, sends it UDP datagrams until its status lists a file, waits for Finished.</summary>
    private static async Task<string> CaptureOneFileAsync(HttpClient client)
    {
        var end = DateTimeOffset.UtcNow.AddSeconds(8).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var body = $$$"""
            {"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"c0","namespace":"{{{Ns}}}"},
             "spec":{"selector":"app == 'bench'","filters":[{"protocol":"UDP","ports":[{{{UdpPort}}}]}],"endTime":"{{{end}}}"}}
            """;
        using (var created = await client.PostAsync(Resources, Json(body)))
        {
            if (created.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"apply c0: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
            }
        }

        using var udp = new UdpClient(AddressFamily.InterNetwork);
        var datagram = new byte[64];
        var target = new IPEndPoint(IPAddress.Loopback, UdpPort);
        await Until(client, s => s.State is "Capturing" or "WaitingForTraffic", "c0 to open lo", TimeSpan.FromSeconds(20), null);
        var listed = await Until(client, s => s.Files.Count > 0, "c0 to list a file", TimeSpan.FromSeconds(20),
            async () => await udp.SendAsync(datagram, target));
        await Until(client, s => s.State == "Finished", "c0 to finish", TimeSpan.FromSeconds(30), null);
        return listed.Files[0];
    }

    private static async Task<NodeFiles> Until(HttpClient client, Func<NodeFiles, bool> condition, string what, TimeSpan limit, Func<Task>? each)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (each is not null)
            {
                await each();
            }

            var files = await NodeFilesAsync(client);
            if (condition(files))
            {
                return files;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"waited {limit.TotalSeconds:0} s for {what}; last state {files.State ?? "none"}");
            }

            // Polling the server's status: the pause is the poll interval, not a stand-in for a wait.
            await Task.Delay(100);
        }
    }

    private static async Task<NodeFiles> NodeFilesAsync(HttpClient client)
    {
        using var document = JsonDocument.Parse(await client.GetStringAsync($"{Resources}/c0"));
        if (document.RootElement.TryGetProperty("status", out var status) && status.TryGetProperty("files", out var all))
        {
            foreach (var files in all.EnumerateArray())
            {
                if (files.GetProperty("node").GetString() == Node)
                {
                    var state = files.TryGetProperty("state", out var s) ? s.GetString() : null;
                    var names = files.TryGetProperty("fileNames", out var n) ? n.EnumerateArray().Select(f => f.GetString()!).ToList() : [];
                    return new NodeFiles(state, names);
                }
            }
        }

        return new NodeFiles(null, []);
    }

    private static HttpRequestMessage Apply(int index) => Apply($"a-{index:D6}");

    private static HttpRequestMessage Apply(string name) =>
        new(HttpMethod.Post, Resources)
        {
            // Selects no endpoint: the apply is persisted and replicated, no capture session opens.
            Content = Json($$$"""{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},"spec":{"selector":"app == 'nothing-{{{name}}}'"}}"""),
        };

    private static ByteArrayContent Json(string text)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static void Print(string label, LoadResult result) =>
        Console.WriteLine($"{label}: {Describe(result)}{(result.FirstError is { } e ? $"; first error {e}" : "")}");

    private static string Describe(LoadResult result) =>
        $"{ActorBenchmarks.N(result.PerSecond)}/s ({ActorBenchmarks.N(result.Completed)} in {result.Seconds:0.0} s); " +
        $"p50 {Stats.F(result.Latency.Median)} / p99 {Stats.F(result.Latency.P(0.99))} / max {Stats.F(result.Latency.Max)} ms; " +
        $"server CPU {result.ServerCpu.TotalMilliseconds / Math.Max(1, result.Completed):0.00} ms/request; errors {result.Errors}";

    /// <summary>The <c>packetcapture</c> binary built beside this one (same configuration), from the repository.</summary>
    internal static string ServeBinary()
    {
        var here = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(here).Parent!.Name; // bin/<Configuration>/net10.0/
        var repository = new DirectoryInfo(here);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "PacketCapture.sln")))
        {
            repository = repository.Parent;
        }

        var binary = Path.Combine(repository?.FullName ?? throw new InvalidOperationException($"no PacketCapture.sln above {here}"),
            "src", "Host", "bin", configuration, "net10.0", "packetcapture");
        return File.Exists(binary) ? binary : throw new InvalidOperationException($"{binary}: not built");
    }

    private static int? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private sealed record NodeFiles(string? State, IReadOnlyList<string> Files);

    private sealed class Scale(bool quick)
    {
        public int Gets { get; } = quick ? 10_000 : 50_000;

        public double GetSeconds { get; } = quick ? 5 : 10;

        public int GetWarmUps { get; } = quick ? 2_000 : 5_000;

        public int Applies { get; } = quick ? 1_000 : 5_000;

        public double ApplySeconds { get; } = quick ? 10 : 20;

        public int ApplyWarmUps { get; } = quick ? 200 : 500;

        public long DownloadBytes { get; } = (quick ? 256L : 1024L) * 1024 * 1024;
    }
}
