using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// The rules of a capture: <see cref="Decide"/> turns a command into events (or a rejection)
/// given the state and the current time; <see cref="Apply"/> folds an event into the state.
/// </summary>
public static class CaptureRules
{
    /// <summary>Decides what <paramref name="command"/> means in <paramref name="state"/> at <paramref name="now"/>.</summary>
    public static Decision Decide(CaptureAggregate state, ICaptureCommand command, DateTimeOffset now) =>
        throw new NotImplementedException();

    internal static CaptureAggregate Apply(CaptureAggregate state, ICaptureEvent @event) =>
        throw new NotImplementedException();

    internal static CaptureView View(CaptureAggregate state) => throw new NotImplementedException();

    internal static (ScheduleBoundary Boundary, DateTimeOffset At)? PendingBoundary(CaptureAggregate state) =>
        throw new NotImplementedException();

    internal static CaptureAggregate WithLiveCounters(CaptureAggregate state, NodeStatus status) =>
        throw new NotImplementedException();
}
