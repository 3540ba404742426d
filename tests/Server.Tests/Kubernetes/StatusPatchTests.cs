using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Akka.Configuration;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class StatusPatchTests
{
    [Fact]
    public void Patch_holds_only_the_status_in_the_spec_shape()
    {
        var resource = new PacketCaptureResource(
            new ObjectMeta { Name = "web", Namespace = "shop" },
            new PacketCaptureSpec { Selector = "all()" },
            new PacketCaptureStatus
            {
                Files = [new PacketCaptureFiles { Node = "node-a", Directory = "/var/log/calico/pcap", FileNames = ["web-1_cali1.pcap"], State = CaptureState.Capturing }],
            });
        var view = new CaptureView(new CaptureKey("shop", "web"), resource, CaptureState.Capturing, false, ImmutableArray<NodeStatus>.Empty);

        var patch = JsonNode.Parse(StatusPatch.For(view))!.AsObject();

        Assert.Equal(["status"], patch.Select(p => p.Key));
        var files = patch["status"]!["files"]![0]!;
        Assert.Equal("node-a", files["node"]!.GetValue<string>());
        Assert.Equal("/var/log/calico/pcap", files["directory"]!.GetValue<string>());
        Assert.Equal("web-1_cali1.pcap", files["fileNames"]![0]!.GetValue<string>());
        Assert.Equal("Capturing", files["state"]!.GetValue<string>());
    }

    [Fact]
    public void Capture_without_status_patches_an_empty_files_list()
    {
        var resource = new PacketCaptureResource(new ObjectMeta { Name = "web", Namespace = "shop" }, new PacketCaptureSpec());
        var view = new CaptureView(new CaptureKey("shop", "web"), resource, CaptureState.Scheduled, false, ImmutableArray<NodeStatus>.Empty);

        Assert.Equal("""{"status":{"files":[]}}""", StatusPatch.For(view));
    }

    [Fact]
    public void Settings_have_the_documented_defaults_and_a_wrong_value_names_its_key()
    {
        var defaults = KubernetesSettings.FromConfig(Config.Empty);
        var error = Assert.Throws<ConfigurationException>(() =>
            KubernetesSettings.FromConfig(ConfigurationFactory.ParseString("packetcapture.kubernetes.status-attempts = 0")));

        Assert.Equal("capture", defaults.SingletonRole);
        Assert.Equal(TimeSpan.FromSeconds(2), defaults.StatusInterval);
        Assert.Equal(new WatchBackoff(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30)), defaults.Backoff);
        Assert.Equal(TimeSpan.FromMinutes(10), defaults.ResyncInterval);
        Assert.StartsWith("packetcapture.kubernetes.status-attempts", error.Message, StringComparison.Ordinal);
    }
}
