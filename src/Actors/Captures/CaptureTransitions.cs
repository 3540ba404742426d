using System.Collections.Frozen;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>What moves a capture (an endpoint's, a node's, or the capture as a whole) between states.</summary>
public enum CaptureTrigger
{
    /// <summary>Created with <c>startTime</c> in the future.</summary>
    ScheduleLater,

    /// <summary>Start time reached (or none): interface open, filter set.</summary>
    Open,

    /// <summary>The first packet was written.</summary>
    FirstPacket,

    /// <summary>A file was rotated (by size or time).</summary>
    Rotate,

    /// <summary>End time reached, capture deleted, interface gone, endpoint deselected, or spec changed.</summary>
    Stop,

    /// <summary>Admission, open, filter, write or rotation failed.</summary>
    Fail,
}

/// <summary>
/// The state machine of DESIGN.md and SPEC.md §6, as one table.
/// <code>
///           startTime in future          interface open, filter set     first packet
///  (new) ───────────────▶ Scheduled ───────────────▶ WaitingForTraffic ─────────▶ Capturing
///    │                        │                             │                       │  ▲ rotation
///    │ start now              │ endTime / delete / iface down / spec change         └──┘
///    └────────────────────────┴───────────────┬─────────────┴──────────────────────┘
///                                             ▼
///                                          Finished        (any failure: Error + reason)
/// </code>
/// Finished and Error are final: a restart (new start time, interface back, spec change) is a new
/// machine starting from (new). "(new) → Finished" is the capture whose end time had already passed.
/// </summary>
public static class CaptureTransitions
{
    private static readonly FrozenDictionary<(CaptureState? From, CaptureTrigger Trigger), CaptureState> Table =
        new Dictionary<(CaptureState?, CaptureTrigger), CaptureState>
        {
            [(null, CaptureTrigger.ScheduleLater)] = CaptureState.Scheduled,
            [(null, CaptureTrigger.Open)] = CaptureState.WaitingForTraffic,
            [(null, CaptureTrigger.Stop)] = CaptureState.Finished,
            [(null, CaptureTrigger.Fail)] = CaptureState.Error,

            [(CaptureState.Scheduled, CaptureTrigger.Open)] = CaptureState.WaitingForTraffic,
            [(CaptureState.Scheduled, CaptureTrigger.Stop)] = CaptureState.Finished,
            [(CaptureState.Scheduled, CaptureTrigger.Fail)] = CaptureState.Error,

            [(CaptureState.WaitingForTraffic, CaptureTrigger.FirstPacket)] = CaptureState.Capturing,
            [(CaptureState.WaitingForTraffic, CaptureTrigger.Stop)] = CaptureState.Finished,
            [(CaptureState.WaitingForTraffic, CaptureTrigger.Fail)] = CaptureState.Error,

            [(CaptureState.Capturing, CaptureTrigger.Rotate)] = CaptureState.Capturing,
            [(CaptureState.Capturing, CaptureTrigger.Stop)] = CaptureState.Finished,
            [(CaptureState.Capturing, CaptureTrigger.Fail)] = CaptureState.Error,
        }.ToFrozenDictionary();

    /// <summary>The state after <paramref name="trigger"/> in <paramref name="from"/> (null: not started yet).</summary>
    /// <exception cref="InvalidCaptureTransitionException">The table has no such transition: a bug.</exception>
    public static CaptureState Next(CaptureState? from, CaptureTrigger trigger) =>
        TryNext(from, trigger, out var to) ? to : throw new InvalidCaptureTransitionException(from, trigger);

    /// <summary>Looks the transition up without throwing.</summary>
    public static bool TryNext(CaptureState? from, CaptureTrigger trigger, out CaptureState to) =>
        Table.TryGetValue((from, trigger), out to);

    /// <summary>Every transition of the table, for tests and documentation.</summary>
    public static IEnumerable<(CaptureState? From, CaptureTrigger Trigger, CaptureState To)> All =>
        Table.Select(t => (t.Key.From, t.Key.Trigger, t.Value));

    /// <summary>True for Finished and Error: nothing leaves them.</summary>
    public static bool IsFinal(CaptureState state) => state is CaptureState.Finished or CaptureState.Error;
}

/// <summary>A transition the state machine does not have was asked for.</summary>
public sealed class InvalidCaptureTransitionException(CaptureState? from, CaptureTrigger trigger)
    : InvalidOperationException($"no transition from {from?.ToString() ?? "(new)"} on {trigger}")
{
    /// <summary>The state (null: new).</summary>
    public CaptureState? From { get; } = from;

    /// <summary>The trigger.</summary>
    public CaptureTrigger Trigger { get; } = trigger;
}
