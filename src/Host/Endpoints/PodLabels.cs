using System.Collections.Immutable;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>Who a network namespace is, from its labels file: the pod identity without the interface.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod name.</param>
/// <param name="Endpoint">The in-pod endpoint name.</param>
/// <param name="Labels">The pod's labels.</param>
public sealed record PodLabels(string Namespace, string Pod, string Endpoint, ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>The endpoint captured on <paramref name="hostInterface"/>, the root-namespace end of the pod's veth.</summary>
    public WorkloadEndpoint At(string hostInterface) => EndpointFields.Build(Namespace, Pod, Endpoint, hostInterface, Labels);
}
