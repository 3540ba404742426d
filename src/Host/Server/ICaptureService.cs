using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Server;

/// <summary>
/// The captures as the edges (HTTP API, demo) see them: every command goes to the capture's
/// entity and comes back as its one reply. Authorization is the caller's job; this only carries
/// the <see cref="Requester"/> each command names.
/// </summary>
public interface ICaptureService
{
    /// <summary>Sends a command (apply, get, delete, clean files) to its capture and returns the reply.
    /// A timeout or an unreachable region comes back as <see cref="RejectionReason.Unavailable"/>, never as an exception.</summary>
    Task<CaptureReply> SendAsync(ICaptureCommand command, CancellationToken cancellationToken);

    /// <summary>The keys of every capture that exists (not deleted), optionally of one namespace, sorted by namespace then name.</summary>
    Task<IReadOnlyList<CaptureKey>> ListAsync(string? @namespace, CancellationToken cancellationToken);
}
