using PacketCapture.Actors.Filters;
using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Filters;

public sealed class BpfFilterCompilerTests
{
    internal static string CompileYaml(string rules)
    {
        var (filters, errors) = ResourceReader.ReadFilters(rules);
        Assert.Empty(errors);
        return BpfFilterCompiler.Compile(filters);
    }

    // The reference forms of SPEC.md §4.
    [Theory]
    [InlineData("[]", "")]
    [InlineData("- protocol: TCP", "(tcp)")]
    [InlineData("- protocol: UDP", "(udp)")]
    [InlineData("- protocol: ICMP", "(icmp)")]
    [InlineData("- protocol: ICMPv6", "(icmp6)")]
    [InlineData("- protocol: SCTP", "(sctp)")]
    [InlineData("- ports: [80]", "((port 80))")]
    [InlineData("- ports: ['80:100']", "((portrange 80-100))")]
    [InlineData("- protocol: TCP\n  ports: [80, 443]", "(tcp and (port 80 or port 443))")]
    [InlineData("- protocol: TCP\n- protocol: UDP", "(tcp) or (udp)")]
    [InlineData("- protocol: UDP\n  ports: [53, '1000:2000']", "(udp and (port 53 or portrange 1000-2000))")]
    [InlineData("- protocol: TCP\n  ports: [80]\n- protocol: UDP\n  ports: [53]", "(tcp and (port 80)) or (udp and (port 53))")]
    [InlineData("- protocol: SCTP\n  ports: ['1:65535']", "(sctp and (portrange 1-65535))")]
    [InlineData("- ports: [80, 443]", "((port 80 or port 443))")]
    public void Filters_compile_to_the_reference_forms(string rules, string expected) =>
        Assert.Equal(expected, CompileYaml(rules));

    // Where the reference writes "ip proto N" (IPv4 only), IPv6 is matched too; see
    // FilterSemanticsTests for the packets that show the difference.
    [Theory]
    [InlineData("- protocol: 6", "((ip proto 6 or ip6 proto 6))")]
    [InlineData("- protocol: UDPLite", "((ip proto 136 or ip6 proto 136))")]
    [InlineData("- protocol: 17\n  ports: [53]", "((ip proto 17 or ip6 proto 17) and (port 53))")]
    [InlineData("- protocol: '132'", "((ip proto 132 or ip6 proto 132))")]
    public void Numbered_protocols_match_ipv4_and_ipv6(string rules, string expected) =>
        Assert.Equal(expected, CompileYaml(rules));

    [Theory]
    [InlineData("- {}")]
    [InlineData("- protocol: TCP\n- {}")]
    public void A_rule_matching_everything_means_no_filter(string rules) =>
        Assert.Equal("", CompileYaml(rules));

    [Fact]
    public void No_filters_field_means_no_filter() =>
        Assert.Equal("", BpfFilterCompiler.Compile(new PacketCaptureSpec().EffectiveFilters));
}
