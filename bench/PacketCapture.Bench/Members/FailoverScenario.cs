using System.Diagnostics;
using PacketCapture.Bench.Actors;
using PacketCapture.Bench.Api;

namespace PacketCapture.Bench.Members;

/// <summary>
/// Failover: a fresh capture per repetition; the member hosting its entity is killed with SIGKILL;
/// measured from the kill to the first 200 answer to a GET of that capture through a surviving member.
/// The killed member is restarted (and rejoins) before the next repetition.
/// </summary>
internal static class FailoverScenario
{
    // A GET is sent this often while the entity is away; each waits for the region's answer (up to the
    // server's 10 s command timeout), so the resolution of the measure is this interval.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);

    public static async Task<Stats> RunAsync(IReadOnlyList<ClusterNode> nodes, int repetitions)
    {
        var times = new List<double>();
        for (var round = 0; round < repetitions; round++)
        {
            var name = $"failover-{round}";
            var before = await HostedAsync(nodes).ConfigureAwait(false);
            var created = await nodes[0].CreateAsync(name, $"app == \"{name}\"").ConfigureAwait(false);
            if (created != 201)
            {
                throw new InvalidOperationException($"create {name}: HTTP {created}");
            }

            // The member whose hosted count went up by one hosts the new entity.
            var host = -1;
            var clock = Stopwatch.StartNew();
            while (host < 0 && clock.Elapsed < GiveUpAfter)
            {
                var now = await HostedAsync(nodes).ConfigureAwait(false);
                var grown = Enumerable.Range(0, nodes.Count).Where(i => now[i] == before[i] + 1).ToList();
                host = grown.Count == 1 && now.Sum() == before.Sum() + 1 ? grown[0] : -1;
                if (host < 0)
                {
                    await Task.Delay(ProbeInterval).ConfigureAwait(false);
                }
            }

            if (host < 0)
            {
                throw new InvalidOperationException($"{name}: no single member took its entity");
            }

            var survivor = nodes[(host + 1) % nodes.Count];
            await nodes[host].KillAsync().ConfigureAwait(false);
            var ms = await TimeToAnswerAsync(survivor, name).ConfigureAwait(false);
            times.Add(ms);
            Console.WriteLine($"failover {round + 1}/{repetitions}: {nodes[host].Name} killed, {name} answered on {survivor.Name} after {ms:N0} ms; load average {ApiBenchmarks.LoadAverage()}");
            await nodes[host].RestartAsync().ConfigureAwait(false);
        }

        return new Stats(times);
    }

    /// <summary>Starts a GET every <see cref="ProbeInterval"/>; the time of the first 200 answer after the kill.</summary>
    private static async Task<double> TimeToAnswerAsync(ClusterNode survivor, string name)
    {
        var clock = Stopwatch.StartNew();
        var answered = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource(GiveUpAfter);
        var probes = new List<Task>();
        while (!answered.Task.IsCompleted && !stop.IsCancellationRequested)
        {
            probes.Add(ProbeAsync(survivor, name, clock, answered, stop.Token));
            await Task.WhenAny(answered.Task, Task.Delay(ProbeInterval, CancellationToken.None)).ConfigureAwait(false);
        }

        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(probes).ConfigureAwait(false);
        return answered.Task.IsCompleted
            ? await answered.Task.ConfigureAwait(false)
            : throw new InvalidOperationException($"{name} did not answer within {GiveUpAfter.TotalSeconds:0} s of the kill");
    }

    private static async Task ProbeAsync(ClusterNode survivor, string name, Stopwatch clock, TaskCompletionSource<double> answered, CancellationToken stop)
    {
        try
        {
            if (await survivor.GetStatusCodeAsync(name, stop).ConfigureAwait(false) == 200)
            {
                answered.TrySetResult(clock.Elapsed.TotalMilliseconds);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // Cancelled once another probe answered, or the member was busy: the next probe tells.
        }
    }

    private static async Task<int[]> HostedAsync(IReadOnlyList<ClusterNode> nodes)
    {
        var counts = new int[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            counts[i] = await nodes[i].HostedEntitiesAsync().ConfigureAwait(false) ?? -1;
        }

        return counts;
    }
}
