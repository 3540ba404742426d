using System.Globalization;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// How a capture made from a PacketCapture custom resource is told apart from one made through
/// our own API or CLI: the watcher applies it with two annotations, the owner and the CR's
/// <c>metadata.generation</c>. They live in the capture's own resource (its journal and the
/// replicated desired state), so any member that takes the watcher over knows which captures are
/// Kubernetes-owned and which generation each was last applied at, with no state of its own.
/// Only owned captures are deleted when their CR is found gone at a relist, and only owned
/// captures get their status written back.
/// </summary>
public static class CaptureOwnership
{
    /// <summary>Set to <see cref="Kubernetes"/> on a capture applied from a CR.</summary>
    public const string OwnerAnnotation = "packetcapture.projectcalico.org/owner";

    /// <summary>The CR's <c>metadata.generation</c> that was applied.</summary>
    public const string GenerationAnnotation = "packetcapture.projectcalico.org/kubernetes-generation";

    /// <summary>The owner value of a Kubernetes-owned capture.</summary>
    public const string Kubernetes = "kubernetes";

    /// <summary>The resource to apply for a CR at <paramref name="generation"/>: marked as owned.</summary>
    public static PacketCaptureResource Mark(PacketCaptureResource resource, long generation)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var annotations = resource.Metadata.Annotations
            .SetItem(OwnerAnnotation, Kubernetes)
            .SetItem(GenerationAnnotation, generation.ToString(CultureInfo.InvariantCulture));
        return resource with { Metadata = resource.Metadata with { Annotations = annotations } };
    }

    /// <summary>True when the capture was applied from a CR.</summary>
    public static bool IsOwned(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Annotations.TryGetValue(OwnerAnnotation, out var owner) && owner == Kubernetes;
    }

    /// <summary>The CR generation an owned capture was applied at; 0 when unknown (then the next event applies it again).</summary>
    public static long AppliedGeneration(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.Metadata.Annotations.TryGetValue(GenerationAnnotation, out var text) &&
               long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? generation
            : 0;
    }
}
