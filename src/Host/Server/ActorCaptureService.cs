using Akka.Actor;
using Akka.DistributedData;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Server;

/// <summary>
/// <see cref="ICaptureService"/> over the shard region (commands) and the replicated desired-state
/// map (the list of captures this member knows: every entity publishes its desired state there).
/// </summary>
/// <param name="region">The capture shard region (or a proxy to it).</param>
/// <param name="replicator">This member's DistributedData replicator.</param>
/// <param name="timeout">How long a command may take before the caller gets <see cref="RejectionReason.Unavailable"/>.</param>
/// <param name="whyNoAnswer">Asked after a command timed out: a known cause (e.g. the journal is unreachable) to name
/// in the refusal, or null; none by default.</param>
public sealed class ActorCaptureService(
    IActorRef region, IActorRef replicator, TimeSpan timeout, Func<CancellationToken, Task<string?>>? whyNoAnswer = null) : ICaptureService
{
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
        // Every bucket is read locally, in parallel: each is a small map.
        var responses = await Task.WhenAll(DesiredCaptures.AllKeys.Select(key => replicator
            .Ask<IGetResponse>(Dsl.Get(key, ReadLocal.Instance), timeout, cancellationToken)))
            .ConfigureAwait(false);
        return responses
            .Zip(DesiredCaptures.AllKeys, EntriesOf)
            .SelectMany(entries => entries)
            .Where(d => !d.Deleted && (@namespace is null || d.Key.Namespace == @namespace))
            .Select(d => d.Key)
            .OrderBy(k => k.Namespace, StringComparer.Ordinal)
            .ThenBy(k => k.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A bucket's desired captures; none when the bucket was never written (NotFound).</summary>
    private static IEnumerable<DesiredCapture> EntriesOf(IGetResponse response, LWWDictionaryKey<string, DesiredCapture> key) =>
        response is GetSuccess success ? success.Get(key).Entries.Values : [];
}
