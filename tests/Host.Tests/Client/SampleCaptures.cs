using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Tests.Client;

/// <summary>Captures as the server returns them: with metadata it assigns and status for two nodes.</summary>
internal static class SampleCaptures
{
    public static readonly DateTimeOffset Now = new(2021, 8, 26, 12, 10, 0, TimeSpan.Zero);

    public const string WebYaml = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: web
          namespace: shop
          uid: 1b4e28ba-2fa1-11d2-883f-0016d3cca427
          resourceVersion: "7"
          creationTimestamp: "2021-08-26T12:06:40Z"
          labels:
            team: payments
        spec:
          selector: app == "web"
          filters:
            - protocol: TCP
              ports:
                - 80
                - '8000:8080'
            - protocol: UDP
          startTime: '2021-08-26T12:00:00Z'
          endTime: '2021-08-26T12:30:00Z'
        status:
          files:
            - node: node-1
              directory: /var/log/calico/pcap
              fileNames:
                - web-7d9f_cali1234abcd-1630000000123456.pcap
                - web-7d9f_cali1234abcd.pcap
              state: Capturing
            - node: node-2
              directory: /var/log/calico/pcap
              fileNames:
                - web-8e0a_cali5678efab.pcap
              state: Finished
        """;

    public const string AllYaml = """
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: everything
          namespace: default
        spec:
          selector: all()
        """;

    public static PacketCaptureResource Web => Read(WebYaml);

    public static PacketCaptureResource All => Read(AllYaml);

    public static PacketCaptureResource Read(string yaml)
    {
        var document = ResourceReader.ReadSingle(yaml);
        return document.Resource ?? throw new InvalidOperationException(string.Join("; ", document.Errors));
    }

    public static PacketCaptureResource WithStates(params CaptureState?[] states) =>
        All with
        {
            Status = new PacketCaptureStatus
            {
                Files = [.. states.Select((s, i) => new PacketCaptureFiles { Node = $"node-{i}", State = s })],
            },
        };
}
