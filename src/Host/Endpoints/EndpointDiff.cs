using System.Runtime.CompilerServices;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>Turns whole endpoint sets, as a source sees them after each scan, into the changes a node consumes.</summary>
public static class EndpointDiff
{
    /// <summary>
    /// What changed from <paramref name="previous"/> to <paramref name="next"/>: removes first,
    /// then upserts, each in id order. An endpoint that is equal in both yields nothing (a
    /// rescan must not restart captures).
    /// </summary>
    public static IReadOnlyList<EndpointChange> Between(
        IReadOnlyDictionary<string, WorkloadEndpoint> previous,
        IReadOnlyDictionary<string, WorkloadEndpoint> next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var changes = new List<EndpointChange>();
        foreach (var id in previous.Keys.Where(id => !next.ContainsKey(id)).Order(StringComparer.Ordinal))
        {
            changes.Add(new EndpointRemoved(id));
        }

        foreach (var (id, endpoint) in next.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!previous.TryGetValue(id, out var old) || !old.Equals(endpoint))
            {
                changes.Add(new EndpointUpserted(endpoint));
            }
        }

        return changes;
    }

    /// <summary>The first set as upserts, then the differences between consecutive sets.</summary>
    public static async IAsyncEnumerable<EndpointChange> Changes(
        IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> sets,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sets);
        IReadOnlyDictionary<string, WorkloadEndpoint> previous = new Dictionary<string, WorkloadEndpoint>();
        await foreach (var next in sets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var change in Between(previous, next))
            {
                yield return change;
            }

            previous = next;
        }
    }
}
