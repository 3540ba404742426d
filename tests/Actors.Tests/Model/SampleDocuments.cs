namespace PacketCapture.Actors.Tests.Model;

/// <summary>The two sample documents of SPEC.md §1, byte for byte, and their JSON equivalents.</summary>
internal static class SampleDocuments
{
    public const string First = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: sample-capture
          namespace: sample-namespace
        spec:
          selector: k8s-app == "sample-app"
          filters:
            - protocol: TCP
              ports:
                - 80

        """;

    public const string Second = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: sample-capture
          namespace: sample-namespace
        spec:
          selector: all()
          startTime: '2021-08-26T12:00:00Z'
          endTime: '2021-08-26T12:30:00Z'

        """;

    public const string Both = First + "---\n" + Second;

    public const string FirstJson = """
        {"apiVersion": "projectcalico.org/v3", "kind": "PacketCapture",
         "metadata": {"name": "sample-capture", "namespace": "sample-namespace"},
         "spec": {"selector": "k8s-app == \"sample-app\"", "filters": [{"protocol": "TCP", "ports": [80]}]}}
        """;

    public const string SecondJson = """
        {"apiVersion": "projectcalico.org/v3", "kind": "PacketCapture",
         "metadata": {"name": "sample-capture", "namespace": "sample-namespace"},
         "spec": {"selector": "all()", "startTime": "2021-08-26T12:00:00Z", "endTime": "2021-08-26T12:30:00Z"}}
        """;
}
