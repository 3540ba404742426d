using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>Every command in every state, decided at the fixed <see cref="CaptureFixtures.Now"/>:
/// the events it yields, or why it is refused.</summary>
public sealed class CommandTableTests
{
    /// <summary>The commands of the table, by a short name.</summary>
    private static ICaptureCommand Command(string name) => name switch
    {
        // An open-ended capture with the fixtures' selector: the Running state's own spec.
        "apply" => new ApplyCapture(Resource(), Alice),
        "apply-invalid" => new ApplyCapture(Resource(start: Now, end: Now.AddHours(-1)), Alice),
        "delete" => new DeleteCapture(Key, Alice),
        "clean" => new CleanCaptureFiles(Key, Alice),
        "report" => new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a.pcap"), Requester.ForNode(NodeA)),
        "report-stale" => new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 0), Requester.ForNode(NodeA)),
        "rotate" => new ReportFileRotated(Key, Rotation(NodeA, "web-0_cali1234567890a-1772366400000000.pcap"), Requester.ForNode(NodeA)),
        "rotate-stale" => new ReportFileRotated(Key, Rotation(NodeA, "web-0_cali1234567890a-1772366400000000.pcap", 0), Requester.ForNode(NodeA)),
        "start" => new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System),
        "end" => new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System),
        "get" => new GetCapture(Key, Bob),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such command"),
    };

    /// <summary>Expected outcome: event type names joined by '+', "unchanged", or "rejected:Reason".</summary>
    public static TheoryData<string, string, string> Table => new()
    {
        { CaptureStates.NotCreated, "apply", "CaptureCreated+CaptureStarted" },
        { CaptureStates.Scheduled, "apply", "CaptureSpecChanged+CaptureStarted" },
        { CaptureStates.Running, "apply", "unchanged" },
        { CaptureStates.Ended, "apply", "CaptureSpecChanged+CaptureStarted" },
        { CaptureStates.Deleted, "apply", "CaptureCreated+CaptureStarted" },

        { CaptureStates.NotCreated, "apply-invalid", "rejected:Invalid" },
        { CaptureStates.Scheduled, "apply-invalid", "rejected:Invalid" },
        { CaptureStates.Running, "apply-invalid", "rejected:Invalid" },
        { CaptureStates.Ended, "apply-invalid", "rejected:Invalid" },
        { CaptureStates.Deleted, "apply-invalid", "rejected:Invalid" },

        { CaptureStates.NotCreated, "delete", "rejected:NotFound" },
        { CaptureStates.Scheduled, "delete", "CaptureDeleted" },
        { CaptureStates.Running, "delete", "CaptureDeleted" },
        { CaptureStates.Ended, "delete", "CaptureDeleted" },
        { CaptureStates.Deleted, "delete", "rejected:NotFound" },

        { CaptureStates.NotCreated, "clean", "rejected:NotFound" },
        { CaptureStates.Scheduled, "clean", "CaptureFilesCleaned" },
        { CaptureStates.Running, "clean", "rejected:Forbidden" },
        { CaptureStates.Ended, "clean", "CaptureFilesCleaned" },
        { CaptureStates.Deleted, "clean", "rejected:NotFound" },

        { CaptureStates.NotCreated, "report", "rejected:NotFound" },
        { CaptureStates.Scheduled, "report", "NodeStateReported" },
        { CaptureStates.Running, "report", "NodeStateReported" },
        { CaptureStates.Ended, "report", "NodeStateReported" },
        { CaptureStates.Deleted, "report", "rejected:NotFound" },

        { CaptureStates.NotCreated, "report-stale", "rejected:NotFound" },
        { CaptureStates.Scheduled, "report-stale", "rejected:Conflict" },
        { CaptureStates.Running, "report-stale", "rejected:Conflict" },
        { CaptureStates.Ended, "report-stale", "rejected:Conflict" },
        { CaptureStates.Deleted, "report-stale", "rejected:NotFound" },

        { CaptureStates.NotCreated, "rotate", "rejected:NotFound" },
        { CaptureStates.Scheduled, "rotate", "CaptureFileRotated" },
        { CaptureStates.Running, "rotate", "CaptureFileRotated" },
        { CaptureStates.Ended, "rotate", "CaptureFileRotated" },
        { CaptureStates.Deleted, "rotate", "rejected:NotFound" },

        { CaptureStates.NotCreated, "rotate-stale", "rejected:NotFound" },
        { CaptureStates.Scheduled, "rotate-stale", "rejected:Conflict" },
        { CaptureStates.Running, "rotate-stale", "rejected:Conflict" },
        { CaptureStates.Ended, "rotate-stale", "rejected:Conflict" },
        { CaptureStates.Deleted, "rotate-stale", "rejected:NotFound" },

        // Timers: the Scheduled capture starts an hour from now, so a start timer now is early.
        { CaptureStates.NotCreated, "start", "unchanged" },
        { CaptureStates.Scheduled, "start", "unchanged" },
        { CaptureStates.Running, "start", "unchanged" },
        { CaptureStates.Ended, "start", "unchanged" },
        { CaptureStates.Deleted, "start", "unchanged" },

        { CaptureStates.NotCreated, "end", "unchanged" },
        { CaptureStates.Scheduled, "end", "unchanged" },
        { CaptureStates.Running, "end", "unchanged" },
        { CaptureStates.Ended, "end", "unchanged" },
        { CaptureStates.Deleted, "end", "unchanged" },

        { CaptureStates.NotCreated, "get", "rejected:NotFound" },
        { CaptureStates.Scheduled, "get", "unchanged" },
        { CaptureStates.Running, "get", "unchanged" },
        { CaptureStates.Ended, "get", "unchanged" },
        { CaptureStates.Deleted, "get", "rejected:NotFound" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Command_in_state_yields_the_tables_outcome(string state, string command, string expected)
    {
        var before = CaptureStates.Get(state);

        var decision = before.Decide(Command(command));

        var actual = decision.Rejection is { } rejection
            ? $"rejected:{rejection.Reason}"
            : decision.Events.IsEmpty ? "unchanged" : string.Join("+", decision.Names());
        Assert.Equal(expected, actual);
        if (decision.IsRejected)
        {
            Assert.Empty(decision.Events);
            Assert.Equal(Key, decision.Rejection!.Key);
        }

        // Whatever was decided applies cleanly, in order.
        var after = before.Then(decision);
        Assert.Equal(before.EventCount + decision.Events.Length, after.EventCount);
    }

    [Fact]
    public void Table_covers_every_command_in_every_state()
    {
        var commands = new[] { "apply", "apply-invalid", "delete", "clean", "report", "report-stale", "rotate", "rotate-stale", "start", "end", "get" };
        var covered = Table.Select(row => ((string)row[0], (string)row[1])).ToHashSet();

        foreach (var state in CaptureStates.All)
        {
            foreach (var command in commands)
            {
                Assert.Contains((state, command), covered);
            }
        }
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Events_carry_now_and_who_asked(string state)
    {
        var before = CaptureStates.Get(state);
        foreach (var name in new[] { "apply", "delete", "clean", "report", "rotate" })
        {
            var command = Command(name);

            var decision = before.Decide(command);

            Assert.All(decision.Events, e =>
            {
                Assert.Equal(Now, e.At);
                Assert.Equal(command.By, e.By);
                Assert.Equal(Key, e.Key);
            });
        }
    }

    [Fact]
    public void Command_for_another_capture_is_refused_without_events()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var decision = state.Decide(new DeleteCapture(new CaptureKey("shop", "other"), Alice));

        Assert.Equal(RejectionReason.Invalid, decision.Rejection?.Reason);
        Assert.Empty(decision.Events);
    }

    public static TheoryData<string> States => [.. CaptureStates.All];
}
