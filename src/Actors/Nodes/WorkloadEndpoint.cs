using System.Collections.Immutable;
using PacketCapture.Actors.Selectors;

namespace PacketCapture.Actors.Nodes;

/// <summary>A workload endpoint local to this node: a pod's interface and its labels.</summary>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="Pod">The pod (workload) name; the first part of its file names.</param>
/// <param name="EndpointName">The endpoint's own name (Calico's WorkloadEndpoint name, or the pod name).</param>
/// <param name="InterfaceName">The host-side interface to capture on.</param>
/// <param name="Labels">The pod's labels.</param>
public sealed record WorkloadEndpoint(
    string Namespace,
    string Pod,
    string EndpointName,
    string InterfaceName,
    ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>The endpoint's identity on the node: <c>namespace/pod/endpointName</c> (two pods of a
    /// namespace each have an <c>eth0</c>; none of the parts can contain <c>/</c>).</summary>
    public string Id => $"{Namespace}/{Pod}/{EndpointName}";

    private ImmutableSortedDictionary<string, string>? _selectorLabels;

    // A `with` copy must not carry the cached labels of the original (its labels may differ).
    private WorkloadEndpoint(WorkloadEndpoint original)
    {
        Namespace = original.Namespace;
        Pod = original.Pod;
        EndpointName = original.EndpointName;
        InterfaceName = original.InterfaceName;
        Labels = original.Labels;
    }

    /// <summary>The labels a selector sees: the pod's labels plus <c>projectcalico.org/namespace</c>,
    /// which always names the endpoint's real namespace. Built once per endpoint: a node evaluates
    /// every capture's selector against it on each change.</summary>
    public ImmutableSortedDictionary<string, string> SelectorLabels =>
        _selectorLabels ??= Labels.SetItem(Selector.NamespaceLabel, Namespace);

    /// <inheritdoc />
    public bool Equals(WorkloadEndpoint? other) =>
        other is not null && Namespace == other.Namespace && Pod == other.Pod && EndpointName == other.EndpointName &&
        InterfaceName == other.InterfaceName && Labels.SequenceEqual(other.Labels);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Namespace, Pod, EndpointName, InterfaceName, Labels.Count);
}
