using Akka.DistributedData;

namespace PacketCapture.Actors.Captures;

/// <summary>The DistributedData key under which entities publish <see cref="DesiredCapture"/>s
/// (an LWW map keyed by entity id) and node agents subscribe.</summary>
public static class DesiredCaptures
{
    /// <summary>The replicated map: entity id → desired capture.</summary>
    public static LWWDictionaryKey<string, DesiredCapture> Key { get; } = new("captures");
}
