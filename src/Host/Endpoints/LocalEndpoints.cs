using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>The endpoints of a member outside Kubernetes: network-namespace discovery, plus a watched endpoints file when given.</summary>
public static class LocalEndpoints
{
    /// <summary>One source merging netns discovery (pods dir labels files) and the endpoints file.</summary>
    /// <param name="endpointsFile">A YAML file of workload endpoints, or null.</param>
    /// <param name="podsDirectory">Where <c>&lt;netns&gt;.yaml</c> labels files live.</param>
    /// <param name="loggerFactory">For a bad file or a failed scan (the source keeps the last good endpoints).</param>
    public static IEndpointSource Create(string? endpointsFile, string podsDirectory, ILoggerFactory loggerFactory) =>
        throw new NotImplementedException("contract stub: the endpoints helper fills this in");
}
