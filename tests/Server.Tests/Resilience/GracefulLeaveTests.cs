using PacketCapture.Server.Tests.Server;
using Xunit.Abstractions;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>
/// Three <c>serve</c> members on loopback sharing one real PostgreSQL; 30 captures spread over them.
/// A client updates the captures continuously through a member that stays while another member
/// gets SIGTERM (coordinated shutdown: it leaves and its shards are handed over).
/// </summary>
public sealed class GracefulLeaveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int CaptureCount = 30;
    private const int Workers = 3;
    private const int MaxCommands = 3_000;

    private readonly TempDirectory _temp = new();
    private readonly List<PostgresMember> _members = [];
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        // Members first (the seed last), then the database they write to.
        foreach (var member in Enumerable.Reverse(_members))
        {
            member.Dispose();
        }

        await _postgres.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task A_member_leaving_on_sigterm_hands_its_captures_over_and_loses_no_acknowledged_command()
    {
        int[] ports = [PostgresMember.FreePort(), PostgresMember.FreePort(), PostgresMember.FreePort()];
        var seeds = ports.Select(PostgresMember.SeedOf).ToArray();
        for (var i = 0; i < 3; i++)
        {
            _members.Add(PostgresMember.Start(_temp.File($"m{i + 1}"), $"node-{i + 1}", _postgres.ConnectionString, ports[i], seeds));
        }

        var names = Enumerable.Range(0, CaptureCount).Select(i => $"c{i:00}").ToArray();
        var created = new List<(string Capture, long Generation, string Selector)>();
        foreach (var name in names)
        {
            var answer = await _members[0].CreateAsync(name, $"app == \"{name}\"");
            Assert.True(answer.Code == 201, $"create {name}: {answer}");
            var (generation, selector) = answer.Spec();
            created.Add((name, generation, selector));
        }

        // Shards are spread over the three regions; the leaver is the non-seed member hosting more.
        var hosted = new int?[3];
        await Poll.UntilAsync(async () =>
        {
            for (var i = 0; i < 3; i++)
            {
                hosted[i] = await _members[i].HostedEntitiesAsync();
            }

            return hosted.Sum() == CaptureCount;
        }, $"{CaptureCount} entities hosted over the members", 120_000);
        var leaver = hosted[1] >= hosted[2] ? 1 : 2;
        var staying = 3 - leaver;
        output.WriteLine($"hosted before the leave: {string.Join(", ", hosted)}; node-{leaver + 1} leaves");
        Assert.True(hosted[leaver] >= 2, $"node-{leaver + 1} hosts {hosted[leaver]} captures; the hand-over needs several");

        var stream = new CommandStream(() => _members[0], names, Workers, MaxCommands);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var running = stream.RunAsync(bound.Token);
        await Poll.UntilAsync(() => stream.Acknowledged >= CaptureCount || running.IsCompleted, "commands acknowledged before the leave", 120_000);

        var leaveAt = stream.Now;
        var exit = await _members[leaver].TerminateAsync(TimeSpan.FromSeconds(90));
        var goneAt = stream.Now;
        Assert.Equal(0, exit);

        // Keep sending until every capture, the leaver's included, has taken an update from a new home.
        await Poll.UntilAsync(() => running.IsCompleted || AllUpdatedAfter(stream.Sent, names, goneAt),
            "an acknowledged update of every capture after the leave", 180_000);
        await bound.CancelAsync();
        await running;

        var sent = stream.Sent;
        var during = sent.Where(c => c.SentAt >= leaveAt && c.SentAt <= goneAt).ToList();
        output.WriteLine($"leave took {(goneAt - leaveAt).TotalSeconds:0.0} s; {sent.Count} updates, {sent.Count(c => c.Acknowledged)} acknowledged; " +
                         $"during the leave {during.Count} sent, {during.Count(c => c.Acknowledged)} acknowledged; refusals: " +
                         string.Join(" | ", sent.Where(c => c.Answer is { Ok: false }).GroupBy(c => c.Answer!.Message()).Select(g => $"{g.Count()}x {g.Key}")));

        Assert.True(AllUpdatedAfter(sent, names, goneAt),
            "every capture took an update after the leave");
        Assert.Contains(during, c => c.Acknowledged);
        Acknowledgements.AssertRefusalsAreRetryable(sent);
        var acknowledged = created.Concat(Acknowledgements.Of(sent)).ToList();
        await Acknowledgements.AssertAllInJournalAsync(_postgres, acknowledged);

        // Every capture answers from both remaining members with what the journal holds last,
        // never older than its last acknowledged generation; the two members host all of them.
        var journal = await JournalSpecs.ReadAsync(_postgres);
        foreach (var member in new[] { _members[0], _members[staying] })
        {
            foreach (var name in names)
            {
                var answer = await member.GetAsync(name);
                Assert.True(answer.Ok, $"GET {name} through {member.Node}: {answer}");
                var (generation, selector) = answer.Spec();
                var last = journal[JournalSpecs.PersistenceIdOf(name)].Specs[^1];
                Assert.Equal((last.Generation, last.Selector), (generation, selector));
                Assert.True(generation >= acknowledged.Where(a => a.Capture == name).Max(a => a.Generation), $"{name} went back in generation");
            }
        }

        await Poll.UntilAsync(async () => await _members[0].HostedEntitiesAsync() + await _members[staying].HostedEntitiesAsync() == CaptureCount,
            "the two remaining members to host every capture", 60_000);
    }

    private static bool AllUpdatedAfter(IReadOnlyList<SentCommand> sent, string[] names, TimeSpan after) =>
        sent.Where(c => c.Acknowledged && c.SentAt > after).Select(c => c.Capture).Distinct().Count() == names.Length;
}
