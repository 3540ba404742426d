using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>Folding events into the state, and refusing events that cannot follow it.</summary>
public sealed class ApplyEventTests
{
    [Fact]
    public void Every_event_counts()
    {
        var state = CaptureStates.Get(CaptureStates.Ended);

        Assert.Equal(6, state.EventCount);
    }

    [Fact]
    public void Created_schedules_a_clean_incarnation()
    {
        var state = Given(Created(Resource(start: Now.AddHours(1))));

        Assert.True(state.Exists);
        Assert.Equal(1, state.Generation);
        Assert.Equal(1, state.Incarnation);
        Assert.Equal(CapturePhase.Scheduled, state.Phase);
        Assert.Equal(Now.AddHours(1), state.Resource!.Spec.StartTime);
    }

    [Fact]
    public void Spec_change_with_a_new_generation_puts_the_window_back_to_scheduled()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var after = state.Apply(SpecChanged(Resource(selector: "app == 'api'"), 2));

        Assert.Equal(2, after.Generation);
        Assert.Equal(CapturePhase.Scheduled, after.Phase);
        Assert.Equal("app == 'api'", after.Resource!.Spec.Selector);
        Assert.Equal(state.Nodes, after.Nodes);
    }

    [Fact]
    public void Spec_change_with_the_same_generation_keeps_the_phase()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var after = state.Apply(SpecChanged(Resource(labels: Labels(("a", "b"))), 1));

        Assert.Equal(1, after.Generation);
        Assert.Equal(CapturePhase.Running, after.Phase);
    }

    /// <summary>Events that cannot follow the named state.</summary>
    public static TheoryData<string, string> IllegalEvents => new()
    {
        { CaptureStates.NotCreated, "spec-changed" },
        { CaptureStates.NotCreated, "deleted" },
        { CaptureStates.NotCreated, "reported" },
        { CaptureStates.NotCreated, "rotated" },
        { CaptureStates.NotCreated, "cleaned" },
        { CaptureStates.NotCreated, "started" },
        { CaptureStates.NotCreated, "ended" },
        { CaptureStates.Scheduled, "created" },
        { CaptureStates.Running, "created" },
        { CaptureStates.Running, "started" },
        { CaptureStates.Running, "spec-changed-older" },
        { CaptureStates.Running, "started-other-generation" },
        { CaptureStates.Running, "ended-other-generation" },
        { CaptureStates.Running, "cleaned-same-epoch" },
        { CaptureStates.Running, "other-key" },
        { CaptureStates.Ended, "created" },
        { CaptureStates.Ended, "started" },
        { CaptureStates.Ended, "ended" },
        { CaptureStates.Deleted, "spec-changed" },
        { CaptureStates.Deleted, "deleted" },
        { CaptureStates.Deleted, "reported" },
        { CaptureStates.Deleted, "started" },
        { CaptureStates.Deleted, "ended" },
        { CaptureStates.Deleted, "created-same-incarnation" },
        { CaptureStates.Deleted, "created-same-generation" },
    };

    [Theory]
    [MemberData(nameof(IllegalEvents))]
    public void Event_that_cannot_follow_the_state_throws(string stateName, string eventName)
    {
        var state = CaptureStates.Get(stateName);
        ICaptureEvent @event = eventName switch
        {
            "created" => Created(Resource(), state.Generation + 1, state.Incarnation + 1),
            "created-same-incarnation" => Created(Resource(), state.Generation + 1, state.Incarnation),
            "created-same-generation" => Created(Resource(), state.Generation, state.Incarnation + 1),
            "spec-changed" => SpecChanged(Resource(), state.Generation + 1),
            "spec-changed-older" => SpecChanged(Resource(), state.Generation - 1),
            "deleted" => Deleted(),
            "reported" => Reported(Node(NodeA, CaptureState.Capturing, state.Generation)),
            "rotated" => Rotated(Rotation(NodeA, "x.pcap", state.Generation)),
            "cleaned" => Cleaned(state.CleanEpoch + 1),
            "cleaned-same-epoch" => Cleaned(state.CleanEpoch),
            "started" => Started(state.Generation),
            "started-other-generation" => Started(state.Generation + 1),
            "ended" => Ended(state.Generation),
            "ended-other-generation" => Ended(state.Generation - 1),
            "other-key" => new CaptureDeleted(new CaptureKey("shop", "other"), Now, Alice),
            _ => throw new ArgumentOutOfRangeException(nameof(eventName), eventName, "no such event"),
        };

        var error = Assert.Throws<InvalidOperationException>(() => state.Apply(@event));

        Assert.Contains(@event.GetType().Name, error.Message, StringComparison.Ordinal);
        Assert.Contains(Key.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scheduled_capture_can_end_without_starting()
    {
        var state = CaptureStates.Get(CaptureStates.Scheduled).Apply(Ended());

        Assert.Equal(CapturePhase.Ended, state.Phase);
    }

    [Fact]
    public void Replaying_the_same_events_gives_an_equal_state()
    {
        var first = CaptureStates.Get(CaptureStates.Ended);
        var second = CaptureStates.Get(CaptureStates.Ended);

        Assert.Equal(first, second);
        Assert.NotEqual(first, CaptureStates.Get(CaptureStates.Running));
    }
}
