using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class CaptureDescriptionTests
{
    [Fact]
    public void Describes_metadata_spec_each_node_and_every_file()
    {
        var text = CaptureDescription.Render(SampleCaptures.Web, SampleCaptures.Now);

        Assert.Equal(
            """
            Name:         web
            Namespace:    shop
            Labels:       team=payments
            Annotations:  <none>
            Created:      2021-08-26T12:06:40Z (3m20s ago)
            State:        Capturing
            Spec:
              Selector:   app == "web"
              Filters:
                - protocol TCP, ports 80, 8000:8080
                - protocol UDP
              Start Time: 2021-08-26T12:00:00Z
              End Time:   2021-08-26T12:30:00Z
            Nodes:
              NODE     STATE       FILES   DIRECTORY
              node-1   Capturing   2       /var/log/calico/pcap
              node-2   Finished    1       /var/log/calico/pcap
            Files:
              node-1:
                web-7d9f_cali1234abcd-1630000000123456.pcap
                web-7d9f_cali1234abcd.pcap
              node-2:
                web-8e0a_cali5678efab.pcap

            """,
            text);
    }

    [Fact]
    public void A_capture_without_status_says_no_node_has_reported()
    {
        var text = CaptureDescription.Render(SampleCaptures.All, SampleCaptures.Now);

        Assert.Contains("  Filters:    <none> (every packet)\n", text, StringComparison.Ordinal);
        Assert.Contains("  End Time:   <none> (until deleted)\n", text, StringComparison.Ordinal);
        Assert.EndsWith("Nodes:        <none> (no node has reported yet)\n", text, StringComparison.Ordinal);
    }
}
