using Akka.Actor;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Server;

/// <summary>
/// <see cref="ICaptureService"/> over the shard region (commands) and this member's
/// <see cref="CaptureDirectory"/> (the list of captures, the same answer actor-API clients get).
/// </summary>
/// <param name="region">The capture shard region (or a proxy to it).</param>
/// <param name="directory">This member's capture directory.</param>
/// <param name="timeout">How long a command may take before the caller gets <see cref="RejectionReason.Unavailable"/>.</param>
/// <param name="whyNoAnswer">Asked after a command timed out: a known cause (e.g. the journal is unreachable) to name
/// in the refusal, or null; none by default.</param>
public sealed class ActorCaptureService(
    IActorRef region, IActorRef directory, TimeSpan timeout, Func<CancellationToken, Task<string?>>? whyNoAnswer = null) : ICaptureService
{
    // A list is a query: nothing records who asked, and the API has authorised its user already.
    private static readonly Requester Lister = new("api", RequestSource.Api);

    /// <inheritdoc />
    public async Task<CaptureReply> SendAsync(ICaptureCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return await region.Ask<CaptureReply>(command, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // An entity whose recovery fails (journal down) stops without answering: say why when it is known.
            var cause = whyNoAnswer is null ? null : await whyNoAnswer(cancellationToken).ConfigureAwait(false);
            return new CaptureRejected(command.Key, RejectionReason.Unavailable,
                $"capture {command.Key} did not answer within {timeout.TotalSeconds:0.#}s{(cause is null ? "" : $" ({cause})")}; try again");
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaptureKey>> ListAsync(string? @namespace, CancellationToken cancellationToken)
    {
        var list = await directory.Ask<CaptureList>(new ListCaptures(@namespace, Lister), timeout, cancellationToken).ConfigureAwait(false);
        return list.Keys;
    }
}
