using System.Text.Json.Nodes;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>Pods put straight into the fake API server's store (with status, as the kubelet would report it).</summary>
internal static class FakePods
{
    public static ApiTarget Pods(string ns) => ApiTarget.Of("v1", "pods", ns);

    public static JsonObject Pod(
        string ns, string name, string node, IReadOnlyDictionary<string, string>? labels = null, string phase = "Running",
        bool hostNetwork = false, string? interfaceAnnotation = null, string? podIp = null, bool ready = false,
        string? serviceAccount = null)
    {
        var metadata = new JsonObject
        {
            ["name"] = name,
            ["namespace"] = ns,
            ["labels"] = new JsonObject((labels ?? new Dictionary<string, string>()).Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
        };
        if (interfaceAnnotation is not null)
        {
            metadata["annotations"] = new JsonObject { ["packetcapture.projectcalico.org/interface"] = interfaceAnnotation };
        }

        var spec = new JsonObject
        {
            ["nodeName"] = node,
            ["hostNetwork"] = hostNetwork,
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i" }),
        };
        if (serviceAccount is not null)
        {
            spec["serviceAccountName"] = serviceAccount;
        }

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
        if (podIp is not null)
        {
            status["podIP"] = podIp;
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec, ["status"] = status };
    }

    public static void Create(FakeApiServer server, JsonObject pod) =>
        server.Store.Create(Pods(pod["metadata"]!["namespace"]!.GetValue<string>()), pod, keepStatus: true);

    public static void Relabel(FakeApiServer server, string ns, string name, IReadOnlyDictionary<string, string> labels) =>
        server.Store.Change(Pods(ns).WithName(ns, name), pod =>
        {
            pod["metadata"]!["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value)));
            return pod;
        });

    public static void SetPhase(FakeApiServer server, string ns, string name, string phase) =>
        server.Store.Change(Pods(ns).WithName(ns, name, status: true), pod =>
        {
            pod["status"]!["phase"] = phase;
            return pod;
        });

    public static void Delete(FakeApiServer server, string ns, string name) =>
        server.Store.Delete(Pods(ns).WithName(ns, name));
}
