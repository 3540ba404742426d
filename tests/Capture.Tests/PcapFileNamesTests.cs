namespace PacketCapture.Capture.Tests;

public sealed class PcapFileNamesTests
{
    [Fact]
    public void Names_FollowTheSpec()
    {
        Assert.Equal("web-1_cali12ab.pcap", PcapFileNames.Active("web-1", "cali12ab"));
        Assert.Equal("web-1_cali12ab-1700000000123456.pcap", PcapFileNames.Rotated("web-1", "cali12ab", 1_700_000_000_123_456));
        Assert.Equal(Path.Combine("/var/log/calico/pcap", "prod", "cap"), PcapFileNames.CaptureDirectory("/var/log/calico/pcap", "prod", "cap"));
    }

    [Fact]
    public void UnixMicroseconds_CountsFromTheEpoch()
    {
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_700_000_000).AddTicks(1_234_567);
        Assert.Equal(1_700_000_000_123_456, PcapFileNames.UnixMicroseconds(time));
    }

    [Theory]
    [InlineData("web-1_cali12ab-1700000000123456.pcap", 1_700_000_000_123_456)]
    [InlineData("pod_veth-a-b-42.pcap", 42)]
    public void TryParseRotated_ReadsTheIndex(string name, long expected)
    {
        Assert.True(PcapFileNames.TryParseRotated(name, out var index));
        Assert.Equal(expected, index);
    }

    [Theory]
    [InlineData("web-1_cali12ab.pcap")]
    [InlineData("web-1_cali12ab-12.pcap.tmp")]
    [InlineData("web-1_cali12ab-.pcap")]
    [InlineData("notes-12.pcap")]
    [InlineData("web-1_cali-12x.pcap")]
    public void TryParseRotated_RejectsOtherNames(string name) => Assert.False(PcapFileNames.TryParseRotated(name, out _));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("-rf")]
    [InlineData("pod name")]
    [InlineData("pod\0")]
    public void UnsafeComponents_AreTypedArgumentErrors(string value)
    {
        var error = Assert.Throws<CaptureArgumentException>(() => PcapFileNames.Active(value, "eth0"));
        Assert.Equal("podName", error.ParamName);
        Assert.Throws<CaptureArgumentException>(() => PcapFileNames.CaptureDirectory("/tmp", value, "cap"));
        Assert.Throws<CaptureArgumentException>(() => new CaptureSessionOptions { InterfaceName = value, Namespace = "ns", CaptureName = "c", PodName = "p" }.Validate());
    }

    [Fact]
    public void Options_RejectImpossibleLimits()
    {
        var options = new CaptureSessionOptions { InterfaceName = "eth0", Namespace = "ns", CaptureName = "c", PodName = "p" };
        options.Validate();
        Assert.Throws<CaptureArgumentException>(() => (options with { MaxSizeBytes = 100 }).Validate());
        Assert.Throws<CaptureArgumentException>(() => (options with { MaxFiles = -1 }).Validate());
        Assert.Throws<CaptureArgumentException>(() => new CaptureSession(options with { PodName = "../x" }));
    }
}
