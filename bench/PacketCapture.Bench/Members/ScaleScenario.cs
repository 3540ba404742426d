using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Npgsql;
using PacketCapture.Actors.Model;
using PacketCapture.Bench.Actors;
using PacketCapture.Bench.Api;
using PacketCapture.TestSupport;

namespace PacketCapture.Bench.Members;

/// <summary>What the scale run measured.</summary>
internal sealed record ScaleResult(Stats ApplyReply, int Retries, Stats ToWaiting, int Waiting, long JournalRows, double Seconds, double PeakRowsPerSecond);

/// <summary>
/// Scale: <c>count</c> captures applied at once through the API of the three members in turn, each
/// selecting the one endpoint of its own (spread over the members by their endpoints files). Measured:
/// the apply reply; apply sent → the entity recording the node's WaitingForTraffic (the node-state
/// event's time in the journal, same machine clock); journal rows written per second meanwhile.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ScaleScenario
{
    private const int MaxAttempts = 3;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The endpoints file of member <paramref name="member"/>: the endpoints of captures i with i mod members = member.</summary>
    public static string EndpointsFile(int count, int members, int member, string iface) =>
        "endpoints:\n" + string.Concat(Enumerable.Range(0, count).Where(i => i % members == member).Select(i =>
            $"  - namespace: {ClusterNode.Namespace}\n    pod: pod-{i}\n    interface: {iface}\n    labels: {{app: s{i}}}\n"));

    public static async Task<ScaleResult> RunAsync(IReadOnlyList<ClusterNode> nodes, PostgresServer postgres, int count, int concurrency, TimeSpan deadline)
    {
        var sentAt = new ConcurrentDictionary<string, DateTimeOffset>();
        var retries = 0;
        var replies = new ConcurrentBag<double>();
        var rowsBefore = await JournalRowsAsync(postgres).ConfigureAwait(false);
        var samples = new ConcurrentQueue<(double Seconds, long Rows)>();
        using var sampling = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var sampler = SampleAsync(postgres, clock, samples, sampling.Token);

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, cancel) =>
        {
            var name = $"s{i}";
            var start = Stopwatch.GetTimestamp();
            sentAt[name] = DateTimeOffset.UtcNow;
            var node = i % nodes.Count;
            for (var attempt = 1; ; attempt++)
            {
                var code = await nodes[(node + attempt - 1) % nodes.Count].CreateAsync(name, $"app == \"{name}\"", cancel).ConfigureAwait(false);

                // A 503 (the command timed out under load) is retryable; the late-applied first try then answers 409.
                if (code == 201 || (code == 409 && attempt > 1))
                {
                    break;
                }

                if (code != 503 || attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"apply {name}: HTTP {code} (attempt {attempt})");
                }

                Interlocked.Increment(ref retries);
            }

            replies.Add(Stats.Ms(start, Stopwatch.GetTimestamp()));
        }).ConfigureAwait(false);
        Console.WriteLine($"{count} applies answered in {clock.Elapsed.TotalSeconds:0.0} s ({retries} retried after a 503); load average {ApiBenchmarks.LoadAverage()}");

        Dictionary<string, DateTimeOffset> waiting = [];
        while (clock.Elapsed < deadline)
        {
            waiting = await WaitingSinceAsync(postgres).ConfigureAwait(false);
            if (waiting.Count >= count)
            {
                break;
            }

            Console.WriteLine($"{waiting.Count}/{count} WaitingForTraffic after {clock.Elapsed.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }

        // Let the journal settle (the last reports) before reading the rate.
        var settled = await JournalRowsAsync(postgres).ConfigureAwait(false);
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);

        var lastGrowth = samples.Where(s => s.Rows >= settled).Select(s => s.Seconds).DefaultIfEmpty(clock.Elapsed.TotalSeconds).Min();
        var toWaiting = waiting.Where(w => sentAt.ContainsKey(w.Key)).Select(w => (w.Value - sentAt[w.Key]).TotalMilliseconds);
        return new ScaleResult(new Stats(replies), retries, new Stats(toWaiting.DefaultIfEmpty(double.NaN)), waiting.Count,
            settled - rowsBefore, lastGrowth, PeakRate([.. samples], TimeSpan.FromSeconds(5)));
    }

    /// <summary>The highest rows/s over any window of <paramref name="window"/> among the samples.</summary>
    private static double PeakRate(IReadOnlyList<(double Seconds, long Rows)> samples, TimeSpan window)
    {
        var peak = 0.0;
        for (int from = 0, to = 0; to < samples.Count; to++)
        {
            while (samples[to].Seconds - samples[from].Seconds > window.TotalSeconds)
            {
                from++;
            }

            var span = samples[to].Seconds - samples[from].Seconds;
            if (span >= window.TotalSeconds / 2)
            {
                peak = Math.Max(peak, (samples[to].Rows - samples[from].Rows) / span);
            }
        }

        return peak;
    }

    private static async Task SampleAsync(PostgresServer postgres, Stopwatch clock, ConcurrentQueue<(double, long)> samples, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            samples.Enqueue((clock.Elapsed.TotalSeconds, await JournalRowsAsync(postgres).ConfigureAwait(false)));
            try
            {
                await Task.Delay(SampleInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<long> JournalRowsAsync(PostgresServer postgres) =>
        await postgres.ScalarAsync<long>("SELECT count(*) FROM journal").ConfigureAwait(false);

    /// <summary>Per capture of the scenario, the time of its first node-state event saying WaitingForTraffic.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> WaitingSinceAsync(PostgresServer postgres)
    {
        await using var connection = await postgres.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT persistence_id, convert_from(message, 'UTF8') FROM journal " +
            $"WHERE manifest = 'node-state.v1' AND persistence_id LIKE 'packetcapture/{ClusterNode.Namespace}/s%' ORDER BY ordering", connection);
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var name = reader.GetString(0)[(reader.GetString(0).LastIndexOf('/') + 1)..];
            using var json = JsonDocument.Parse(reader.GetString(1));
            var state = json.RootElement.GetProperty("status").GetProperty("state");
            var isWaiting = state.ValueKind == JsonValueKind.String
                ? state.GetString() == nameof(CaptureState.WaitingForTraffic)
                : state.GetInt32() == (int)CaptureState.WaitingForTraffic;
            if (isWaiting && !first.ContainsKey(name))
            {
                first[name] = json.RootElement.GetProperty("at").GetDateTimeOffset();
            }
        }

        return first;
    }
}
