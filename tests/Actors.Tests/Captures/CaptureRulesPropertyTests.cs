using FsCheck.Xunit;
using PacketCapture.Actors.Captures;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>
/// Random scripts of commands over a moving clock, with the entity's timers fired when due:
/// whatever Decide returns applies, event by event, without throwing; a rejection carries no
/// events; and the schedule never lags the clock.
/// </summary>
public sealed class CaptureRulesPropertyTests
{
    [Property(Arbitrary = [typeof(CaptureScriptGenerators)], MaxTest = 500)]
    public void Decided_events_always_apply_and_rejections_carry_none(CaptureScript script)
    {
        var state = CaptureAggregate.Empty(Key);
        var now = Now;
        foreach (var step in script.Steps)
        {
            now = now.AddMinutes(step.AdvanceMinutes);
            state = FireDueTimers(state, now);
            AssertScheduleIsCurrent(state, now);

            var command = step.Command(state, now);
            var decision = CaptureRules.Decide(state, command, now);

            Assert.Equal(decision, CaptureRules.Decide(state, command, now));
            if (decision.IsRejected)
            {
                Assert.Empty(decision.Events);
                continue;
            }

            var before = state;
            foreach (var @event in decision.Events)
            {
                Assert.Equal(now, @event.At);
                Assert.Equal(command.By, @event.By);
                state = state.Apply(@event);
            }

            Assert.Equal(before.EventCount + decision.Events.Length, state.EventCount);
            Assert.True(state.Generation >= before.Generation);
            Assert.True(state.Incarnation >= before.Incarnation);
            Assert.True(state.CleanEpoch >= before.CleanEpoch);
            AssertScheduleIsCurrent(state, now);
            if (state.Resource is not null)
            {
                var view = state.View();
                Assert.Equal(state.Nodes.Count, view.Resource.Status!.Files.Length);
                Assert.Equal(state.Generation, view.Resource.Metadata.Generation);
            }
        }
    }

    /// <summary>What the entity does before handling a command: fire every timer whose time has come.
    /// A due timer must make progress, or the entity would re-arm it forever.</summary>
    private static CaptureAggregate FireDueTimers(CaptureAggregate state, DateTimeOffset now)
    {
        for (var fired = 0; state.PendingBoundary() is { } pending && pending.At <= now; fired++)
        {
            Assert.True(fired < 2, $"boundary {pending.Boundary} at {pending.At} keeps coming due");
            var decision = CaptureRules.Decide(state, new ReachScheduleBoundary(Key, pending.Boundary, Requester.System), now);
            Assert.False(decision.IsRejected);
            Assert.NotEmpty(decision.Events);
            state = state.Then(decision);
        }

        return state;
    }

    /// <summary>With due timers fired, a Scheduled capture starts in the future and a Running one ends there.</summary>
    private static void AssertScheduleIsCurrent(CaptureAggregate state, DateTimeOffset now)
    {
        Assert.Equal(state.Exists, state.Phase != CapturePhase.None);
        var spec = state.Resource?.Spec;
        switch (state.Phase)
        {
            case CapturePhase.Scheduled:
                Assert.NotNull(spec?.StartTime);
                Assert.True(spec.StartTime > now, $"Scheduled at {now} with startTime {spec.StartTime}");
                break;
            case CapturePhase.Running:
                Assert.True(spec!.EndTime is null || spec.EndTime > now, $"Running at {now} with endTime {spec.EndTime}");
                Assert.True(spec.StartTime is null || spec.StartTime <= now);
                break;
        }
    }
}
