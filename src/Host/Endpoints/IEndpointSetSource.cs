using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>A source that knows whole endpoint sets (after each scan), so sets can be merged before they are diffed.</summary>
internal interface IEndpointSetSource
{
    /// <summary>The set now, then the set after every scan that changed it, until cancelled.</summary>
    IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> SetsAsync(CancellationToken cancellationToken);
}
