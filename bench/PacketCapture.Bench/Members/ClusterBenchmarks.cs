using System.Diagnostics;
using System.Net.Sockets;
using System.Net;
using System.Runtime.Versioning;
using PacketCapture.Bench.Actors;
using PacketCapture.Bench.Api;
using PacketCapture.TestSupport;

namespace PacketCapture.Bench.Members;

/// <summary>
/// The cluster harness: <c>dotnet run -c Release --project bench/PacketCapture.Bench -- cluster [--quick]</c>.
/// Starts a real PostgreSQL (the tests' fixture: the machine's PostgreSQL 15 binaries on a loopback
/// port, a temp data dir) and three real <c>packetcapture serve</c> members on loopback sharing it,
/// then runs the failover and the scale scenario. Everything (members, database, veth pairs and namespaces,
/// temp directories) is removed afterwards, also after a failure.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ClusterBenchmarks
{
    private const int Members = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var repetitions = quick ? 2 : 5;
        var captures = quick ? 150 : 1_000;
        Console.WriteLine($"Cluster benchmarks ({(quick ? "quick" : "full")}), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {Members} members, load average {ApiBenchmarks.LoadAverage()}");
        var total = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory("pc-clusterbench-");

        // Each member's sessions open the host end of a veth pair whose pod end is in a network
        // namespace made here (the tests' VethNetwork): real interfaces no packet crosses, so 1,000
        // sessions cost nothing per packet of the cluster's own loopback traffic, as sessions on
        // `lo` would. The kernel here has no `dummy` link type.
        using var network = new VethNetwork();
        var links = Enumerable.Range(0, Members).Select(_ => network.CreateLink()).ToArray();
        var nodes = new List<ClusterNode>();
        PostgresServer? postgres = null;
        try
        {
            postgres = await PostgresServer.StartNewAsync().ConfigureAwait(false);
            // Sessions on these veths see no packet; a small kernel buffer keeps 1,000 of them
            // from reserving 4 GiB (the 4 MiB default each).
            var config = Path.Combine(root.FullName, "bench.conf");
            await File.WriteAllTextAsync(config, "packetcapture.node.buffer-size-bytes = 65536\n").ConfigureAwait(false);
            int[] ports = [.. Enumerable.Range(0, Members).Select(_ => FreePort())];
            var seeds = ports.Select(ClusterNode.SeedOf).ToArray();
            for (var i = 0; i < Members; i++)
            {
                var endpoints = Path.Combine(root.FullName, $"endpoints-{i}.yaml");
                await File.WriteAllTextAsync(endpoints, ScaleScenario.EndpointsFile(captures, Members, i, links[i].HostInterface)).ConfigureAwait(false);
                nodes.Add(await ClusterNode.StartAsync(root.FullName, $"node-{i + 1}", postgres.ConnectionString, ports[i], seeds,
                    ["--endpoints", endpoints, "--config", config]).ConfigureAwait(false));
                Console.WriteLine($"node-{i + 1} up (pid {nodes[i].ProcessId}) after {total.Elapsed.TotalSeconds:0} s");
            }

            var failover = await FailoverScenario.RunAsync(nodes, repetitions).ConfigureAwait(false);
            var scale = await ScaleScenario.RunAsync(nodes, postgres, captures, concurrency: 16, TimeSpan.FromMinutes(quick ? 5 : 15)).ConfigureAwait(false);

            Console.WriteLine();
            Console.WriteLine("| Measure | Result | Goal | Met |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| failover: kill -9 of the entity's member → entity answers on another ({failover.Count} runs) | " +
                $"p50 {Stats.F(failover.Median)} / max {Stats.F(failover.Max)} ms | ≤ 10 s | {(failover.Max <= 10_000 ? "met" : "**not met**")} |");
            Console.WriteLine($"| scale: {captures} applies at once, 16 connections, apply reply (incl. {scale.Retries} retries after 503) | p50 {Stats.F(scale.ApplyReply.Median)} / p99 {Stats.F(scale.ApplyReply.P(0.99))} ms | – | – |");
            Console.WriteLine($"| scale: apply → WaitingForTraffic ({scale.Waiting}/{captures}) | p50 {Stats.F(scale.ToWaiting.Median)} / p99 {Stats.F(scale.ToWaiting.P(0.99))} / max {Stats.F(scale.ToWaiting.Max)} ms | – | – |");
            Console.WriteLine($"| scale: journal rows written on PostgreSQL | {scale.JournalRows:N0} in {scale.Seconds:0.0} s = {scale.JournalRows / Math.Max(0.001, scale.Seconds):N0}/s; peak 5 s window {scale.PeakRowsPerSecond:N0}/s | – | – |");
            Console.WriteLine();
            return scale.Waiting == captures ? 0 : 1;
        }
        finally
        {
            // One at a time, the first seed last (STACK.md: otherwise each waits out the shutdown timeout).
            foreach (var node in Enumerable.Reverse(nodes))
            {
                await node.DisposeAsync().ConfigureAwait(false);
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync().ConfigureAwait(false);
            }

            root.Delete(recursive: true);
            Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s; load average after {ApiBenchmarks.LoadAverage()}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
