using System.Collections.Immutable;
using k8s.Models;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// A pod of this node as a workload endpoint, as Calico sees it: endpoint <c>eth0</c>, the pod's labels
/// plus <c>projectcalico.org/orchestrator</c> and <c>projectcalico.org/serviceaccount</c> (the node adds
/// <c>projectcalico.org/namespace</c> itself), captured on the Calico host-side interface. Pure.
/// </summary>
public static class PodEndpoint
{
    /// <summary>Annotation naming the host-side interface explicitly (another CNI plugin, or tests).</summary>
    public const string InterfaceAnnotation = "packetcapture.projectcalico.org/interface";

    /// <summary>The in-pod interface name every pod endpoint has.</summary>
    public const string EndpointName = "eth0";

    /// <summary>Label Calico puts on every Kubernetes workload endpoint.</summary>
    public const string OrchestratorLabel = "projectcalico.org/orchestrator";

    /// <summary>Label naming the pod's service account.</summary>
    public const string ServiceAccountLabel = "projectcalico.org/serviceaccount";

    /// <summary>The endpoint of <paramref name="pod"/>, or null when it has no Calico interface to capture
    /// on (not Running, host network, or a bad interface annotation: <paramref name="problem"/> says which of the last).</summary>
    public static WorkloadEndpoint? From(V1Pod pod, string interfacePrefix, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pod);
        problem = null;
        var ns = pod.Metadata?.NamespaceProperty;
        var name = pod.Metadata?.Name;
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(name) || pod.Status?.Phase != "Running" || pod.Spec?.HostNetwork == true)
        {
            return null;
        }

        var interfaceName = CalicoInterfaceName.For(ns, name, interfacePrefix);
        if (pod.Metadata!.Annotations?.TryGetValue(InterfaceAnnotation, out var annotated) == true)
        {
            if (CalicoInterfaceName.NameProblem(annotated) is { } bad)
            {
                problem = $"pod {ns}/{name}: annotation {InterfaceAnnotation}: {bad}; the pod is not captured";
                return null;
            }

            interfaceName = annotated;
        }

        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value ?? "";
        }

        labels[OrchestratorLabel] = "k8s";
        var serviceAccount = pod.Spec?.ServiceAccountName;
        if (!string.IsNullOrEmpty(serviceAccount))
        {
            labels[ServiceAccountLabel] = serviceAccount;
        }

        return new WorkloadEndpoint(ns, name, EndpointName, interfaceName, labels.ToImmutable());
    }

    /// <summary>The key a pod is tracked under (namespace/name).</summary>
    public static string KeyOf(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";
    }
}
