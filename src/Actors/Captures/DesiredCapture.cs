using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// What every node should do for one capture, as the entity publishes it through
/// Akka.DistributedData (key <c>captures</c>, an LWW map by entity id). Nodes act on a higher
/// <see cref="Generation"/> (restart), <see cref="Deleted"/> (stop, delete files) and a higher
/// <see cref="CleanEpoch"/> (delete files).
/// </summary>
/// <param name="Key">The capture.</param>
/// <param name="Resource">Metadata and spec (no status).</param>
/// <param name="Generation">The spec generation.</param>
/// <param name="Deleted">True once deleted.</param>
/// <param name="CleanEpoch">How many times the files were cleaned.</param>
public sealed record DesiredCapture(CaptureKey Key, PacketCaptureResource Resource, long Generation, bool Deleted, long CleanEpoch)
    : IPacketCaptureMessage;
