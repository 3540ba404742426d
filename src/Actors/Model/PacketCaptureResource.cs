using System.Collections.Immutable;

namespace PacketCapture.Actors.Model;

/// <summary>
/// A <c>projectcalico.org/v3</c> <c>PacketCapture</c>: which workload endpoints to capture,
/// with which filters and when, and (as reported) where the files are.
/// </summary>
public sealed record PacketCaptureResource(ObjectMeta Metadata, PacketCaptureSpec Spec, PacketCaptureStatus? Status = null)
{
    /// <summary>The only accepted <c>apiVersion</c>.</summary>
    public const string ApiVersion = "projectcalico.org/v3";

    /// <summary>The resource kind.</summary>
    public const string Kind = "PacketCapture";

    /// <summary>The kind of a list of them, as the API returns it.</summary>
    public const string ListKind = "PacketCaptureList";

    /// <summary><c>namespace/name</c>, the identity users and logs see.</summary>
    public string Key => $"{Metadata.Namespace}/{Metadata.Name}";
}

/// <summary>Kubernetes object metadata, the fields a PacketCapture carries.</summary>
public sealed record ObjectMeta
{
    /// <summary>Namespace used when a document names none.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>DNS-1123 subdomain name, unique in its namespace.</summary>
    public required string Name { get; init; }

    /// <summary>DNS-1123 label; <see cref="DefaultNamespace"/> when not written.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary>Object labels (not the selector's target labels).</summary>
    public ImmutableSortedDictionary<string, string> Labels { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Free-form annotations.</summary>
    public ImmutableSortedDictionary<string, string> Annotations { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Server-assigned identity, when the object came from a server.</summary>
    public string? Uid { get; init; }

    /// <summary>Server-assigned version for optimistic concurrency.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Server-assigned spec generation.</summary>
    public long? Generation { get; init; }

    /// <summary>When the server created the object.</summary>
    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <inheritdoc />
    public bool Equals(ObjectMeta? other) =>
        other is not null && Name == other.Name && Namespace == other.Namespace &&
        Labels.SequenceEqual(other.Labels) && Annotations.SequenceEqual(other.Annotations) &&
        Uid == other.Uid && ResourceVersion == other.ResourceVersion &&
        Generation == other.Generation && CreationTimestamp == other.CreationTimestamp;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Namespace, Labels.Count, Annotations.Count, Uid, ResourceVersion, Generation);
}

/// <summary>What to capture and when.</summary>
public sealed record PacketCaptureSpec
{
    /// <summary>The selector as written; null or blank means <c>all()</c>.</summary>
    public string? Selector { get; init; }

    /// <summary>Rules OR-ed together; null when the document has no <c>filters</c>.</summary>
    public ImmutableArray<CaptureFilter>? Filters { get; init; }

    /// <summary>When to start; null means now.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When to stop; null means when deleted.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>The rules, empty when none were written.</summary>
    public ImmutableArray<CaptureFilter> EffectiveFilters => Filters ?? [];

    /// <inheritdoc />
    public bool Equals(PacketCaptureSpec? other) =>
        other is not null && Selector == other.Selector && StartTime == other.StartTime && EndTime == other.EndTime &&
        Filters.HasValue == other.Filters.HasValue &&
        (!Filters.HasValue || Filters.Value.SequenceEqual(other.Filters!.Value));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Selector, StartTime, EndTime, Filters?.Length);
}

/// <summary>One filter rule: protocol AND any of the ports.</summary>
public sealed record CaptureFilter
{
    /// <summary>The protocol, or null for any.</summary>
    public CaptureProtocol? Protocol { get; init; }

    /// <summary>Ports OR-ed together; empty for any.</summary>
    public ImmutableArray<PortSpec> Ports { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(CaptureFilter? other) =>
        other is not null && Protocol == other.Protocol && Ports.SequenceEqual(other.Ports);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Protocol, Ports.Length);
}

/// <summary>The observed state of a capture: one entry per node.</summary>
public sealed record PacketCaptureStatus
{
    /// <summary>Per-node files and state.</summary>
    public ImmutableArray<PacketCaptureFiles> Files { get; init; } = [];

    /// <inheritdoc />
    public bool Equals(PacketCaptureStatus? other) => other is not null && Files.SequenceEqual(other.Files);

    /// <inheritdoc />
    public override int GetHashCode() => Files.Length;
}

/// <summary>The files of a capture on one node, and that node's state.</summary>
public sealed record PacketCaptureFiles
{
    /// <summary>Node hostname holding the files.</summary>
    public required string Node { get; init; }

    /// <summary>Base capture directory on that node.</summary>
    public string? Directory { get; init; }

    /// <summary>Every pcap file of the capture on that node, sorted ascending.</summary>
    public ImmutableArray<string> FileNames { get; init; } = [];

    /// <summary>The node's capture state.</summary>
    public CaptureState? State { get; init; }

    /// <inheritdoc />
    public bool Equals(PacketCaptureFiles? other) =>
        other is not null && Node == other.Node && Directory == other.Directory && State == other.State &&
        FileNames.SequenceEqual(other.FileNames);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, Directory, State, FileNames.Length);
}

/// <summary>The states of SPEC.md §6, spelled as the resource writes them.</summary>
public enum CaptureState
{
    /// <summary>Waiting for <c>startTime</c>.</summary>
    Scheduled,
    /// <summary>Interface open and filter set, no packet yet.</summary>
    WaitingForTraffic,
    /// <summary>At least one packet written.</summary>
    Capturing,
    /// <summary>Stopped: end time, deletion, interface gone or spec change.</summary>
    Finished,
    /// <summary>Admission, open, filter, write or rotation failed.</summary>
    Error,
}
