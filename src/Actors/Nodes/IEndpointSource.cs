namespace PacketCapture.Actors.Nodes;

/// <summary>
/// Where a node learns its local workload endpoints: Kubernetes pods on this node, a file of
/// endpoints, network namespaces, or (in tests) a channel. The stream starts with an upsert of
/// every current endpoint, then follows changes until cancelled.
/// </summary>
public interface IEndpointSource
{
    /// <summary>The endpoints now, then every change.</summary>
    IAsyncEnumerable<EndpointChange> WatchAsync(CancellationToken cancellationToken);
}
