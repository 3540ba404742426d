using Akka.Actor;
using Akka.DistributedData;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The Kubernetes-owned captures that exist, with the CR generation each was applied at, read from
/// this member's replica of the desired-state maps (every entity publishes its resource there).
/// </summary>
public static class OwnedCaptures
{
    /// <summary>Reads every bucket locally.</summary>
    public static async Task<IReadOnlyDictionary<CaptureKey, long>> ReadAsync(IActorRef replicator, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replicator);
        var responses = await Task.WhenAll(DesiredCaptures.AllKeys.Select(key =>
            replicator.Ask<IGetResponse>(Dsl.Get(key, ReadLocal.Instance), timeout, cancellationToken))).ConfigureAwait(false);
        return responses
            .Zip(DesiredCaptures.AllKeys, (response, key) => response is GetSuccess success ? success.Get(key).Entries.Values : [])
            .SelectMany(entries => entries)
            .Where(d => !d.Deleted && CaptureOwnership.IsOwned(d.Resource))
            .ToDictionary(d => d.Key, d => CaptureOwnership.AppliedGeneration(d.Resource));
    }
}
