using PacketCapture.Server.Tests.Server;
using Xunit.Abstractions;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>
/// Two <c>serve</c> members on one real PostgreSQL, which is stopped under them while a client sends
/// updates continuously, then started again on the same data directory and port.
/// </summary>
public sealed class PostgresOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CaptureCount = 6;
    private const int Workers = 2;
    private const int MaxCommands = 3_000;

    private readonly TempDirectory _temp = new();
    private readonly List<PostgresMember> _members = [];
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        foreach (var member in Enumerable.Reverse(_members))
        {
            member.Dispose();
        }

        await _postgres.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task Commands_during_a_postgres_outage_get_503_naming_the_journal_then_work_again_and_nothing_acknowledged_is_lost()
    {
        int[] ports = [PostgresMember.FreePort(), PostgresMember.FreePort()];
        var seeds = ports.Select(PostgresMember.SeedOf).ToArray();
        for (var i = 0; i < ports.Length; i++)
        {
            _members.Add(PostgresMember.Start(_temp.File($"m{i + 1}"), $"node-{i + 1}", _postgres.ConnectionString, ports[i], seeds));
        }

        var names = Enumerable.Range(0, CaptureCount).Select(i => $"o{i}").ToArray();
        var created = new List<(string Capture, long Generation, string Selector)>();
        foreach (var name in names)
        {
            var answer = await _members[0].CreateAsync(name, $"app == \"{name}\"");
            Assert.True(answer.Code == 201, $"create {name}: {answer}");
            var (generation, selector) = answer.Spec();
            created.Add((name, generation, selector));
        }

        // Updates go through both members in turn: each sees the outage through its own journal connection.
        var turn = 0;
        var stream = new CommandStream(() => _members[Interlocked.Increment(ref turn) % _members.Count], names, Workers, MaxCommands);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var running = stream.RunAsync(bound.Token);
        await Poll.UntilAsync(() => stream.Acknowledged >= 2 * CaptureCount || running.IsCompleted, "updates acknowledged before the outage", 120_000);

        await _postgres.StopAsync();
        var downAt = stream.Now;
        await Poll.UntilAsync(() => running.IsCompleted || stream.Sent.Count(c => c.SentAt > downAt && c.Answer is { Code: 503 }) >= 2 * CaptureCount,
            "updates refused during the outage", 120_000);
        foreach (var member in _members)
        {
            var ready = await member.ReadyAsync();
            Assert.Equal(503, ready.Code);
            Assert.Contains("journal", ready.Body, StringComparison.Ordinal);
        }

        // Answers before the restart began had their cause probed while the database was surely down.
        var restartAt = stream.Now;
        await _postgres.StartAsync();
        var upAt = stream.Now;
        await Poll.UntilAsync(() => running.IsCompleted || UpdatedAfter(stream.Sent, upAt).Count == CaptureCount,
            "every capture to take an update again after PostgreSQL is back", 120_000);
        await bound.CancelAsync();
        await running;

        var sent = stream.Sent;
        var during = sent.Where(c => c.SentAt > downAt && c.AnsweredAt < restartAt).ToList();
        var firstAck = sent.Where(c => c.Acknowledged && c.SentAt > upAt).Min(c => c.AnsweredAt) - upAt;
        var allBack = UpdatedAfter(sent, upAt).Values.Max() - upAt;
        output.WriteLine($"outage {(upAt - downAt).TotalSeconds:0.0} s: {during.Count} updates, {during.Count(c => c.Acknowledged)} acknowledged; " +
                         $"first acknowledged {firstAck.TotalSeconds:0.0} s and every capture {allBack.TotalSeconds:0.0} s after PostgreSQL was back; refusals: " +
                         string.Join(" | ", sent.Where(c => c.Answer is { Ok: false }).GroupBy(c => c.Answer!.Message()).Select(g => $"{g.Count()}x {g.Key}")));

        Assert.True(UpdatedAfter(sent, upAt).Count == CaptureCount, "every capture took an update after the outage");
        Acknowledgements.AssertRefusalsAreRetryable(sent);
        var refusedDuring = during.Where(c => c.Answer is { Ok: false }).ToList();
        Assert.NotEmpty(refusedDuring);
        Assert.DoesNotContain(during, c => c.Acknowledged);
        Assert.All(refusedDuring, c => Assert.Contains("journal", c.Answer!.Message(), StringComparison.Ordinal));
        await Acknowledgements.AssertAllInJournalAsync(_postgres, created.Concat(Acknowledgements.Of(sent)));

        foreach (var member in _members)
        {
            await Poll.UntilAsync(async () => (await member.ReadyAsync()).Code == 200, $"{member.Node} ready again", 60_000);
        }
    }

    /// <summary>Per capture, when its first update sent after <paramref name="after"/> was acknowledged.</summary>
    private static Dictionary<string, TimeSpan> UpdatedAfter(IReadOnlyList<SentCommand> sent, TimeSpan after) =>
        sent.Where(c => c.Acknowledged && c.SentAt > after)
            .GroupBy(c => c.Capture)
            .ToDictionary(g => g.Key, g => g.Min(c => c.AnsweredAt));
}
