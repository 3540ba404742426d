namespace PacketCapture.Actors.Captures;

/// <summary>
/// A capture's status changed: published by its entity (after the change is persisted) through
/// Akka's DistributedPubSub to <see cref="CaptureTopics.Of"/>, <see cref="CaptureTopics.OfNamespace"/>
/// and <see cref="CaptureTopics.All"/>. Subscribers see the capture as <c>get</c> would return it then.
/// </summary>
/// <param name="View">The capture after the change (a deleted capture's last view has <c>Deleted</c> set).</param>
public sealed record CaptureStatusChanged(CaptureView View) : IPacketCaptureMessage
{
    /// <summary>The capture that changed.</summary>
    public CaptureKey Key => View.Key;
}

/// <summary>The DistributedPubSub topics of <see cref="CaptureStatusChanged"/>; the same names on every member and client.</summary>
public static class CaptureTopics
{
    /// <summary>Every capture of every namespace (the Kubernetes status writer subscribes here).</summary>
    public const string All = "packetcaptures";

    /// <summary>The topic of one capture.</summary>
    public static string Of(CaptureKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"packetcapture:{key.EntityId}";
    }

    /// <summary>The topic of every capture of one namespace.</summary>
    public static string OfNamespace(string @namespace)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        return $"packetcaptures:{@namespace}";
    }
}
