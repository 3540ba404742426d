namespace PacketCapture.Actors.Captures;

/// <summary>Every message the PacketCapture serializer owns: persisted events, snapshots and
/// everything that may cross the network between members.</summary>
public interface IPacketCaptureMessage;

/// <summary>A message for one capture entity, routed by sharding on <see cref="Key"/>.</summary>
public interface ICaptureMessage : IPacketCaptureMessage
{
    /// <summary>The capture the message is for.</summary>
    CaptureKey Key { get; }
}

/// <summary>A command (or query) to a capture entity; it says who asked.</summary>
public interface ICaptureCommand : ICaptureMessage
{
    /// <summary>Who asked.</summary>
    Requester By { get; }
}

/// <summary>A persisted fact about one capture: when, who, and (in the record) what.</summary>
public interface ICaptureEvent : IPacketCaptureMessage
{
    /// <summary>The capture the event belongs to.</summary>
    CaptureKey Key { get; }

    /// <summary>When it was decided (the entity's clock, not the journal's).</summary>
    DateTimeOffset At { get; }

    /// <summary>Who caused it.</summary>
    Requester By { get; }
}
