using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Bench.Actors;

/// <summary>
/// The actor-core harness: `dotnet run -c Release --project bench/PacketCapture.Bench -- actors [--quick]`.
/// Each scenario runs on its own one-member cluster and SQLite file (WAL) in a temp directory, with
/// every load bounded in count and time; the results are printed as a table against the goals.
/// </summary>
internal static class ActorBenchmarks
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var scale = new Scale(quick);
        var rows = new List<Row>();
        Console.WriteLine($"actor-core benchmarks ({(quick ? "quick" : "full")}), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
            $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {LoadAverage()}");
        var total = Stopwatch.StartNew();

        // Investigation knobs: PC_BENCH_HOCON is appended to every member's config, PC_BENCH_ONLY
        // runs only the scenarios whose number it lists (e.g. "1b,2").
        var only = Environment.GetEnvironmentVariable("PC_BENCH_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Run(string id) => only is null || only.Contains(id);
        if (BenchMember.ExtraHocon.Length > 0)
        {
            Console.WriteLine($"PC_BENCH_HOCON: {BenchMember.ExtraHocon}");
        }

        if (Run("1a"))
        {
            rows.AddRange(await ApplyScenarios.FanOutAsync(scale.FanOutRuns, "1a. apply → 100 endpoints WaitingForTraffic"));
        }


        if (Run("1b"))
        {
            rows.AddRange(await ApplyScenarios.ManyCapturesAsync(scale.ManyCaptures, "1b. {0} captures × 1 endpoint, sent at once"));
        }



        if (Run("1c"))
        {
            rows.AddRange(await MemoryScenarios.NodeSideAsync(scale.ManyCaptures));
        }

        if (Run("2"))
        {
            rows.AddRange(await JournalScenarios.RecoveryAsync(scale.RecoveryEvents, scale.RecoveryRepeats));
        }


        if (Run("3"))
        {
            rows.AddRange(await JournalScenarios.ThroughputAsync(scale.ThroughputSeconds));
        }

        if (Run("4a"))
        {
            rows.AddRange(await MemoryScenarios.EntitiesAsync(scale.MemoryCount));
        }

        if (Run("4b"))
        {
            rows.AddRange(await MemoryScenarios.InterfaceActorsAsync(scale.MemoryCount));
        }

        Console.WriteLine();
        Console.WriteLine($"| Measure | Result | Goal | Met |");
        Console.WriteLine($"|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine($"| {row.Measure} | {row.Result} | {row.Goal ?? "–"} | {(row.Met is { } met ? met ? "met" : "**not met**" : "–")} |");
        }

        Console.WriteLine();
        Console.WriteLine($"total {total.Elapsed.TotalSeconds:0} s; load average after {LoadAverage()}");
        return 0;
    }

    internal static async Task<T> Ask<T>(ICanTell target, object message) =>
        await target.Ask<T>(message, AskTimeout).ConfigureAwait(false);

    private static string LoadAverage()
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

    internal static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class Scale(bool quick)
    {
        public int FanOutRuns { get; } = quick ? 10 : 50;

        public int ManyCaptures { get; } = quick ? 100 : 1_000;

        public int RecoveryEvents { get; } = quick ? 1_000 : 10_000;

        public int RecoveryRepeats { get; } = quick ? 2 : 5;

        public double ThroughputSeconds { get; } = quick ? 3 : 15;

        public int MemoryCount { get; } = quick ? 200 : 1_000;
    }
}

/// <summary>One line of the results table.</summary>
internal sealed record Row(string Measure, string Result, string? Goal = null, bool? Met = null);

/// <summary>Scenario 1: apply to WaitingForTraffic through the real region, DData and node agent.</summary>
internal static class ApplyScenarios
{
    private const int FanOut = 100;
    private const int WarmUps = 3;

    public static async Task<IEnumerable<Row>> FanOutAsync(int runs, string label)
    {
        var log = new SessionLog();
        var endpoints = new ChannelEndpointSource();
        for (var i = 0; i < FanOut; i++)
        {
            endpoints.Upsert(BenchMember.Endpoint($"pod-{i:D3}", $"bench{i:D3}", ("app", "fanout")));
        }

        await using var member = await BenchMember.StartAsync("fanout", "", endpoints, new TimedSessionFactory(log));
        var region = member.Capture!.Captures;
        var samples = new List<double>();
        var cold = new List<double>();
        var replies = new List<double>();
        for (var run = 0; run < runs + WarmUps; run++)
        {
            var name = $"fanout-{run}";
            var started = log.Started(name, FanOut);
            var t0 = Stopwatch.GetTimestamp();
            BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(region,
                new ApplyCapture(BenchMember.Resource("bench", name, "app == 'fanout'"), BenchMember.By)));
            if (run >= WarmUps)
            {
                replies.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            }

            var last = await started.WaitAsync(TimeSpan.FromSeconds(30));
            (run < WarmUps ? cold : samples).Add(Stats.Ms(t0, last));

            var stopped = log.Stopped(name, FanOut);
            BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(region, new DeleteCapture(new CaptureKey("bench", name), BenchMember.By)));
            await stopped.WaitAsync(TimeSpan.FromSeconds(30));
        }

        var stats = new Stats(samples);
        var persisted = new Stats(replies);
        Console.WriteLine($"{label}: apply reply (persisted) p50 {Stats.F(persisted.Median)} p99 {Stats.F(persisted.P(0.99))} max {Stats.F(persisted.Max)} ms; " +
            $"slowest runs {string.Join(", ", samples.Select((v, i) => (v, i)).OrderByDescending(x => x.v).Take(3).Select(x => $"#{x.i} {Stats.F(x.v)}"))} ms");
        Console.WriteLine($"{label}: warm-up runs {string.Join(", ", cold.Select(Stats.F))} ms; {stats.Count} runs p50 {Stats.F(stats.Median)} p99 {Stats.F(stats.P(0.99))} max {Stats.F(stats.Max)} ms");
        return [new Row(label, $"p50 {Stats.F(stats.Median)} / p99 {Stats.F(stats.P(0.99))} / max {Stats.F(stats.Max)} ms ({stats.Count} runs)",
            "p99 ≤ 100 ms", stats.P(0.99) <= 100)];
    }

    /// <summary>
    /// What the replicator pays per digest of a desired-captures bucket: with a subscriber it
    /// serialises the whole bucket for each notify tick in which the bucket changed (twice: old and
    /// new digest), so a burst costs ticks × bucket size. Measured on the largest bucket.
    /// </summary>
    private static async Task DigestCostAsync(ActorSystem system, string label)
    {
        var replicator = Akka.DistributedData.DistributedData.Get(system).Replicator;
        var buckets = new List<Akka.DistributedData.LWWDictionary<string, DesiredCapture>>();
        foreach (var key in DesiredCaptures.AllKeys)
        {
            var response = await replicator.Ask<Akka.DistributedData.IGetResponse>(
                Akka.DistributedData.Dsl.Get(key, Akka.DistributedData.ReadLocal.Instance), TimeSpan.FromSeconds(10));
            if (response is Akka.DistributedData.GetSuccess)
            {
                buckets.Add(response.Get(key));
            }
        }

        var total = buckets.Sum(b => b.Count);
        var map = buckets.MaxBy(b => b.Count);
        if (map is null)
        {
            Console.WriteLine($"{label}: no desired-captures bucket written");
            return;
        }

        var serializer = system.Serialization.FindSerializerFor(map);
        var times = new List<double>();
        var bytes = 0;
        for (var i = 0; i < 21; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var binary = serializer.ToBinary(map);
            _ = System.Security.Cryptography.SHA1.HashData(binary);
            times.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            bytes = binary.Length;
        }

        var stats = new Stats(times);
        Console.WriteLine($"{label}: digest of the largest desired-captures bucket ({map.Count} of {total} entries in {buckets.Count} buckets, {bytes} bytes serialised): min {stats.Min:0.00} median {stats.Median:0.00} ms");
    }

    public static async Task<IEnumerable<Row>> ManyCapturesAsync(int count, string labelFormat)
    {
        var label = string.Format(CultureInfo.InvariantCulture, labelFormat, ActorBenchmarks.N(count));
        var log = new SessionLog();
        var endpoints = new ChannelEndpointSource();
        for (var i = 0; i < count; i++)
        {
            endpoints.Upsert(BenchMember.Endpoint($"solo-{i:D4}", $"solo{i:D4}", ("id", $"e{i:D4}")));
        }

        endpoints.Upsert(BenchMember.Endpoint("warm", "warm0", ("id", "warm")));
        SqlTrace.Start(); // before the journal opens its first connection, which later ones copy
        await using var member = await BenchMember.StartAsync("many", "", endpoints, new TimedSessionFactory(log));
        var region = member.Capture!.Captures;

        // One capture first, so sharding, the journal and the agent's endpoint list are ready.
        var warm = log.Started("warm", 1);
        BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(region,
            new ApplyCapture(BenchMember.Resource("bench", "warm", "id == 'warm'"), BenchMember.By)));
        await warm.WaitAsync(TimeSpan.FromSeconds(30));

        var names = Enumerable.Range(0, count).Select(i => $"solo-{i:D4}").ToArray();
        var resources = Enumerable.Range(0, count).Select(i => BenchMember.Resource("bench", names[i], $"id == 'e{i:D4}'")).ToArray();
        var waits = names.Select(n => log.Started(n, 1)).ToArray();
        var sent = new long[count];
        var replied = new long[count];
        var replies = new Task<CaptureReply>[count];
        SqlTrace.Reset();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < count; i++)
        {
            sent[i] = Stopwatch.GetTimestamp();
            var index = i;
            replies[i] = ActorBenchmarks.Ask<CaptureReply>(region, new ApplyCapture(resources[i], BenchMember.By))
                .ContinueWith(t =>
                {
                    replied[index] = Stopwatch.GetTimestamp();
                    return t.Result;
                }, TaskScheduler.Default);
        }

        foreach (var reply in await Task.WhenAll(replies).WaitAsync(TimeSpan.FromSeconds(120)))
        {
            BenchMember.Succeeded(reply);
        }

        var starts = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(120));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var stats = new Stats(starts.Select((s, i) => Stats.Ms(sent[i], s)));
        var all = Stats.Ms(sent[0], starts.Max());
        var persisted = new Stats(replied.Select((r, i) => Stats.Ms(sent[i], r)));
        Console.WriteLine($"{label}: apply reply (persisted) p50 {Stats.F(persisted.Median)} p99 {Stats.F(persisted.P(0.99))} max {Stats.F(persisted.Max)} ms");
        Console.WriteLine($"{label}: p50 {Stats.F(stats.Median)} p99 {Stats.F(stats.P(0.99))} max {Stats.F(stats.Max)} ms; all started {Stats.F(all)} ms after the first send; " +
            $"process CPU {Stats.F(cpu.TotalMilliseconds)} ms meanwhile");
        Console.Write(SqlTrace.Report());
        await DigestCostAsync(member.System, label);
        return [new Row(label, $"p50 {Stats.F(stats.Median)} / p99 {Stats.F(stats.P(0.99))} / max {Stats.F(stats.Max)} ms (all started after {Stats.F(all)} ms)",
            "p99 ≤ 2 s", stats.P(0.99) <= 2000)];
    }
}
