using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;
using Xunit;

namespace PacketCapture.Actors.Tests.Files;

public sealed class CaptureFileRulesTests
{
    private static readonly CaptureKey Key = new("team-a", "cap");

    [Fact]
    public void Servable_keeps_plain_capture_file_names_in_their_order_inside_the_capture_directory()
    {
        var files = CaptureFileRules.Servable(
            Key,
            ["web-1_cali1.pcap", "../../etc/passwd", "x/y_z.pcap", "..pcap", "notes.txt", "_x.pcap", "web-1_cali1-1630000000123456.pcap", "a_b..pcap", "/abs_x.pcap"],
            "/var/pcap");

        Assert.Equal(["web-1_cali1.pcap", "web-1_cali1-1630000000123456.pcap"], files.Select(f => f.Name));
        Assert.Equal(["/var/pcap/team-a/cap/web-1_cali1.pcap", "/var/pcap/team-a/cap/web-1_cali1-1630000000123456.pcap"], files.Select(f => f.FullPath));
    }

    [Theory]
    [InlineData("../cap2/web_x.pcap")]
    [InlineData("..")]
    [InlineData("web_x.pcap/..")]
    [InlineData("")]
    [InlineData("web_x.txt")]
    public void One_refuses_any_name_that_is_not_a_plain_capture_file_name(string name) =>
        Assert.Null(CaptureFileRules.One(Key, name, "/var/pcap"));

    [Fact]
    public void One_resolves_a_plain_name_inside_the_capture_directory() =>
        Assert.Equal("/var/pcap/team-a/cap/web_x.pcap", CaptureFileRules.One(Key, "web_x.pcap", "/var/pcap/")?.FullPath);

    [Fact]
    public void A_key_that_is_not_a_safe_path_component_serves_nothing()
    {
        Assert.Empty(CaptureFileRules.Servable(new CaptureKey("..", "cap"), ["web_x.pcap"], "/var/pcap"));
        Assert.Null(CaptureFileRules.One(new CaptureKey("team-a", "a/b"), "web_x.pcap", "/var/pcap"));
    }
}
