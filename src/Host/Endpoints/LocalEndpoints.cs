using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>The endpoints of a member outside Kubernetes: network-namespace discovery, plus a watched endpoints file when given.</summary>
public static class LocalEndpoints
{
    /// <summary>One source merging netns discovery (pods dir labels files) and the endpoints file.</summary>
    /// <param name="endpointsFile">A YAML file of workload endpoints, or null.</param>
    /// <param name="podsDirectory">Where <c>&lt;netns&gt;.yaml</c> labels files live; created (0700) when missing.</param>
    /// <param name="loggerFactory">For a bad file or a failed scan (the source keeps the last good endpoints).</param>
    public static IEndpointSource Create(string? endpointsFile, string podsDirectory, ILoggerFactory loggerFactory)
    {
        ArgumentException.ThrowIfNullOrEmpty(podsDirectory);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // Whoever can write here decides what is captured: only the member's own user.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(podsDirectory);
        }
        else
        {
            Directory.CreateDirectory(podsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var file = string.IsNullOrEmpty(endpointsFile)
            ? null
            : new EndpointFileSource(endpointsFile, loggerFactory.CreateLogger<EndpointFileSource>());
        var netns = new NetnsEndpointSource(podsDirectory, loggerFactory.CreateLogger<NetnsEndpointSource>());
        return new MergedEndpointSource(file, netns, loggerFactory.CreateLogger(typeof(LocalEndpoints)));
    }

    /// <summary>Discovered endpoints (e.g. the pods of a Kubernetes node) merged with the endpoints file when given.</summary>
    internal static IEndpointSource Merge(string? endpointsFile, IEndpointSetSource discovered, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var file = string.IsNullOrEmpty(endpointsFile)
            ? null
            : new EndpointFileSource(endpointsFile, loggerFactory.CreateLogger<EndpointFileSource>());
        return new MergedEndpointSource(file, discovered, loggerFactory.CreateLogger(typeof(LocalEndpoints)));
    }
}
