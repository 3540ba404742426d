using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Server;

/// <summary>Starts a member with its HTTP API: what <c>serve</c>, the demo and the tests run.</summary>
public static class PacketCaptureServer
{
    /// <summary>Starts the member (one-member cluster on SQLite by default) and the API; returns once both are up.</summary>
    /// <param name="options">Where data lives, where the API listens, which config and tokens.</param>
    /// <param name="endpoints">This node's endpoints; null means <c>LocalEndpoints.Create</c> from the options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<RunningServer> StartAsync(
        ServerOptions options, IEndpointSource? endpoints = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("contract stub: the server helper fills this in");
}
