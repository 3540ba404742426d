using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>The capture-wide schedule of SPEC.md §6: start and end times, moved times, timers.</summary>
public sealed class ScheduleTests
{
    [Fact]
    public void Past_end_time_at_creation_ends_at_once_without_starting()
    {
        var state = Given();

        var decision = state.Decide(new ApplyCapture(Resource(start: Now.AddHours(-2), end: Now.AddHours(-1)), Alice));

        Assert.Equal(["CaptureCreated", "CaptureEnded"], decision.Names());
        Assert.Equal(new CaptureEnded(Key, 1, Now, Alice), decision.Events[1]);
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Ended, after.Phase);
        Assert.Equal(CaptureState.Finished, after.View().State);
        Assert.Null(after.PendingBoundary());
    }

    [Fact]
    public void End_time_exactly_now_at_creation_ends_at_once()
    {
        var decision = Given().Decide(new ApplyCapture(Resource(end: Now), Alice));

        Assert.Equal(["CaptureCreated", "CaptureEnded"], decision.Names());
    }

    [Fact]
    public void Future_start_time_is_scheduled_with_a_start_boundary_at_that_time()
    {
        var start = Now.AddMinutes(30);
        var state = Given();

        var decision = state.Decide(new ApplyCapture(Resource(start: start, end: start.AddHours(1)), Alice));

        Assert.Equal(["CaptureCreated"], decision.Names());
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Scheduled, after.Phase);
        Assert.Equal(CaptureState.Scheduled, after.View().State);
        Assert.Equal((ScheduleBoundary.Start, start), after.PendingBoundary());
    }

    [Fact]
    public void Running_capture_with_an_end_time_has_an_end_boundary()
    {
        var end = Now.AddHours(2);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(end: end), Alice)));

        Assert.Equal(CapturePhase.Running, state.Phase);
        Assert.Equal((ScheduleBoundary.End, end), state.PendingBoundary());
    }

    [Fact]
    public void Open_ended_running_capture_has_no_boundary()
    {
        Assert.Null(CaptureStates.Get(CaptureStates.Running).PendingBoundary());
    }

    [Theory]
    [InlineData(CaptureStates.NotCreated)]
    [InlineData(CaptureStates.Ended)]
    [InlineData(CaptureStates.Deleted)]
    public void Capture_that_is_absent_or_ended_has_no_boundary(string name)
    {
        Assert.Null(CaptureStates.Get(name).PendingBoundary());
    }

    [Fact]
    public void Start_timer_at_the_start_time_opens_the_window()
    {
        var start = Now.AddMinutes(30);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(start: start), Alice)));

        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System), start);

        Assert.Equal(Decision.Accept(new CaptureStarted(Key, 1, start, Requester.System)), decision);
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Running, after.Phase);
        Assert.Equal(CaptureState.WaitingForTraffic, after.View().State);
        Assert.Null(after.PendingBoundary());
    }

    [Fact]
    public void Early_start_timer_changes_nothing_and_the_boundary_stays_pending()
    {
        var start = Now.AddMinutes(30);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(start: start), Alice)));

        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System), start.AddTicks(-1));

        Assert.Equal(Decision.Unchanged, decision);
        Assert.Equal((ScheduleBoundary.Start, start), state.PendingBoundary());
    }

    [Fact]
    public void Late_start_timer_after_the_end_time_starts_and_ends_together()
    {
        var start = Now.AddMinutes(30);
        var end = start.AddMinutes(10);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(start: start, end: end), Alice)));

        // The entity was away (rebalancing) over the whole window.
        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System), end.AddMinutes(1));

        Assert.Equal(["CaptureStarted", "CaptureEnded"], decision.Names());
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Ended, after.Phase);
        Assert.Null(after.PendingBoundary());
    }

    [Fact]
    public void End_timer_at_the_end_time_closes_the_window()
    {
        var end = Now.AddHours(1);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(end: end), Alice)));

        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System), end);

        Assert.Equal(Decision.Accept(new CaptureEnded(Key, 1, end, Requester.System)), decision);
        var after = state.Then(decision);
        Assert.Equal(CaptureState.Finished, after.View().State);
        Assert.Null(after.PendingBoundary());
    }

    [Fact]
    public void End_timer_while_still_scheduled_ends_without_starting()
    {
        var start = Now.AddMinutes(30);
        var end = start.AddMinutes(10);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(start: start, end: end), Alice)));

        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System), end);

        Assert.Equal(["CaptureEnded"], decision.Names());
        Assert.Equal(CapturePhase.Ended, state.Then(decision).Phase);
    }

    [Fact]
    public void Early_end_timer_changes_nothing()
    {
        var end = Now.AddHours(1);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(end: end), Alice)));

        Assert.Equal(Decision.Unchanged, state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System), end.AddSeconds(-1)));
        Assert.Equal((ScheduleBoundary.End, end), state.PendingBoundary());
    }

    [Fact]
    public void Repeated_end_timer_after_the_end_changes_nothing()
    {
        var state = CaptureStates.Get(CaptureStates.Ended);

        Assert.Equal(Decision.Unchanged, state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System), Now.AddHours(5)));
    }

    [Fact]
    public void Moving_start_time_into_the_future_while_capturing_stops_now_and_restarts_then()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var newStart = Now.AddHours(2);

        var decision = state.Decide(new ApplyCapture(Resource(start: newStart), Alice));

        var changed = Assert.IsType<CaptureSpecChanged>(Assert.Single(decision.Events));
        Assert.Equal(2, changed.Generation);
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Scheduled, after.Phase);
        Assert.Equal(CaptureState.Scheduled, after.View().State);
        Assert.Equal((ScheduleBoundary.Start, newStart), after.PendingBoundary());

        var timer = after.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System), newStart);

        Assert.Equal(Decision.Accept(new CaptureStarted(Key, 2, newStart, Requester.System)), timer);
        Assert.Equal(CapturePhase.Running, after.Then(timer).Phase);
    }

    [Fact]
    public void Moving_end_time_into_the_past_stops_now()
    {
        var end = Now.AddHours(1);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(end: end), Alice)));

        var decision = state.Decide(new ApplyCapture(Resource(end: Now.AddMinutes(-1)), Alice), Now.AddMinutes(10));

        Assert.Equal(["CaptureSpecChanged", "CaptureEnded"], decision.Names());
        Assert.Equal(2, ((CaptureEnded)decision.Events[1]).Generation);
        var after = state.Then(decision);
        Assert.Equal(CapturePhase.Ended, after.Phase);
        Assert.Equal(CaptureState.Finished, after.View().State);
        Assert.Null(after.PendingBoundary());
    }

    [Fact]
    public void Moving_end_time_later_while_running_rearms_the_end_boundary()
    {
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(end: Now.AddHours(1)), Alice)));

        var after = state.Then(state.Decide(new ApplyCapture(Resource(end: Now.AddHours(3)), Alice)));

        Assert.Equal(CapturePhase.Running, after.Phase);
        Assert.Equal((ScheduleBoundary.End, Now.AddHours(3)), after.PendingBoundary());
    }

    [Fact]
    public void Extending_an_ended_capture_into_the_future_runs_again()
    {
        var state = CaptureStates.Get(CaptureStates.Ended);

        var decision = state.Decide(new ApplyCapture(Resource(end: Now.AddHours(1)), Alice));

        Assert.Equal(["CaptureSpecChanged", "CaptureStarted"], decision.Names());
        Assert.Equal(CapturePhase.Running, state.Then(decision).Phase);
    }

    [Fact]
    public void Stale_start_timer_after_the_start_moved_later_changes_nothing()
    {
        var firstStart = Now.AddMinutes(30);
        var state = Given().Then(Given().Decide(new ApplyCapture(Resource(start: firstStart), Alice)));
        state = state.Then(state.Decide(new ApplyCapture(Resource(start: Now.AddHours(2)), Alice)));

        var decision = state.Decide(new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System), firstStart);

        Assert.Equal(Decision.Unchanged, decision);
        Assert.Equal(CaptureState.Scheduled, state.View().State);
    }
}
