using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Kubernetes;

/// <summary>What the watcher does about a change of the custom resources.</summary>
/// <param name="Key">The capture concerned.</param>
public abstract record WatchAction(CaptureKey Key);

/// <summary>Apply the CR's resource (marked as Kubernetes-owned at <paramref name="Generation"/>).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">The resource read from the CR.</param>
/// <param name="Generation">The CR's generation.</param>
public sealed record ApplyResource(CaptureKey Key, PacketCaptureResource Resource, long Generation) : WatchAction(Key)
{
    /// <summary>The command to send.</summary>
    public ApplyCapture Command(Requester by) => new(CaptureOwnership.Mark(Resource, Generation), by);
}

/// <summary>Delete the Kubernetes-owned capture whose CR is gone.</summary>
/// <param name="Key">The capture.</param>
public sealed record DeleteOwned(CaptureKey Key) : WatchAction(Key)
{
    /// <summary>The command to send.</summary>
    public DeleteCapture Command(Requester by) => new(Key, by);
}

/// <summary>The CR is invalid at this generation: say so once (nothing is applied).</summary>
/// <param name="Key">The capture.</param>
/// <param name="Generation">The CR's generation.</param>
/// <param name="Problem">The field errors, one line.</param>
public sealed record ReportInvalid(CaptureKey Key, long Generation, string Problem) : WatchAction(Key);
