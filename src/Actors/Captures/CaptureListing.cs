using System.Collections.Immutable;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// Ask a member's <see cref="CaptureDirectory"/> which captures exist (not deleted), in one
/// namespace or all. Answered with <see cref="CaptureList"/>. Not routed by sharding (it names no
/// capture): send it to <see cref="CaptureDirectory.Path"/> through the DistributedPubSub mediator
/// (<c>Send</c>), or to a member's directory directly.
/// </summary>
/// <param name="Namespace">Only captures of this namespace; null lists every namespace.</param>
/// <param name="By">Who asked.</param>
public sealed record ListCaptures(string? Namespace, Requester By) : IPacketCaptureMessage;

/// <summary>The captures a member knows of, sorted by namespace then name (ordinal).</summary>
/// <param name="Keys">The captures, sorted.</param>
public sealed record CaptureList(ImmutableArray<CaptureKey> Keys) : IPacketCaptureMessage
{
    /// <inheritdoc />
    public bool Equals(CaptureList? other) => other is not null && Keys.SequenceEqual(other.Keys);

    /// <inheritdoc />
    public override int GetHashCode() => Keys.Length;
}
