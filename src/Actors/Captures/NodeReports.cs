using System.Collections.Immutable;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>What one node reports for one capture: the node's <c>files</c> entry and its detail.</summary>
/// <param name="Node">The node's name (its hostname, or the Kubernetes node name).</param>
/// <param name="Generation">The capture generation the node is acting on; older reports are stale.</param>
/// <param name="Directory">The node's base capture directory (<c>captureDir</c>).</param>
/// <param name="State">The node's state: the endpoints' states combined (<see cref="NodeStates.Combine"/>).</param>
/// <param name="Reason">Why the node is in Error (or Finished early), naming the interface; null otherwise.</param>
/// <param name="FileNames">Every <c>.pcap</c> file of the capture on the node, sorted ordinally.</param>
/// <param name="Endpoints">Each selected endpoint on the node, by pod then interface.</param>
/// <param name="Counters">The node's totals over its endpoints.</param>
public sealed record NodeStatus(
    string Node,
    long Generation,
    string Directory,
    CaptureState State,
    string? Reason,
    ImmutableArray<string> FileNames,
    ImmutableArray<EndpointStatus> Endpoints,
    TrafficCounters Counters)
{
    /// <summary>True when this report says the same as <paramref name="other"/> apart from counters:
    /// such a report is kept in memory only, not persisted.</summary>
    public bool SameApartFromCounters(NodeStatus other) =>
        Node == other.Node && Generation == other.Generation && Directory == other.Directory &&
        State == other.State && Reason == other.Reason && FileNames.SequenceEqual(other.FileNames) &&
        Endpoints.Length == other.Endpoints.Length &&
        Endpoints.Zip(other.Endpoints).All(p => p.Item1.SameApartFromCounters(p.Item2));

    /// <inheritdoc />
    public bool Equals(NodeStatus? other) =>
        other is not null && SameApartFromCounters(other) && Counters == other.Counters &&
        Endpoints.SequenceEqual(other.Endpoints);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, Generation, State, FileNames.Length, Endpoints.Length);
}

/// <summary>One captured endpoint on a node.</summary>
/// <param name="Pod">The workload (pod) name; the first part of its file names.</param>
/// <param name="Interface">The host-side interface captured.</param>
/// <param name="State">The endpoint's state.</param>
/// <param name="Reason">Why it is in Error or Finished; null otherwise.</param>
/// <param name="Counters">Its counters.</param>
public sealed record EndpointStatus(string Pod, string Interface, CaptureState State, string? Reason, TrafficCounters Counters)
{
    /// <summary>Same endpoint, state and reason.</summary>
    public bool SameApartFromCounters(EndpointStatus other) =>
        Pod == other.Pod && Interface == other.Interface && State == other.State && Reason == other.Reason;
}

/// <summary>Traffic counters of a capture on an endpoint or a node.</summary>
/// <param name="Packets">Packets written to files.</param>
/// <param name="Bytes">Bytes written to files (pcap record headers included).</param>
/// <param name="Dropped">Packets the kernel dropped for lack of buffer space.</param>
/// <param name="DroppedByInterface">Packets the interface dropped.</param>
public readonly record struct TrafficCounters(long Packets, long Bytes, long Dropped, long DroppedByInterface)
{
    /// <summary>No traffic.</summary>
    public static TrafficCounters Zero => default;

    /// <summary>Element-wise sum.</summary>
    public static TrafficCounters operator +(TrafficCounters a, TrafficCounters b) =>
        new(a.Packets + b.Packets, a.Bytes + b.Bytes, a.Dropped + b.Dropped, a.DroppedByInterface + b.DroppedByInterface);
}

/// <summary>A file a node rotated.</summary>
/// <param name="Node">The node.</param>
/// <param name="Generation">The capture generation the node acts on.</param>
/// <param name="Pod">The workload.</param>
/// <param name="Interface">The interface.</param>
/// <param name="FileName">The rotated file's name (<c>pod_if-&lt;unix µs&gt;.pcap</c>).</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Packets">Packets this run wrote into it.</param>
public sealed record NodeFileRotation(string Node, long Generation, string Pod, string Interface, string FileName, long Bytes, long Packets);
