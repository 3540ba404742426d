using System.Collections.Immutable;
using PacketCapture.Actors.Filters;
using PacketCapture.Actors.Model;
using PacketCapture.Capture;
using Xunit;

namespace PacketCapture.Actors.Tests.Filters;

/// <summary>Generated filters checked with the real libpcap: they compile, and they match what they should.</summary>
public sealed class FilterSemanticsTests
{
    private static readonly PortSpec[][] PortLists =
    [
        [],
        [PortSpec.Single(1)],
        [PortSpec.Single(65535)],
        [PortSpec.Range(1, 65535)],
        [PortSpec.Range(80, 80)],
        [PortSpec.Single(80), PortSpec.Range(1000, 2000), PortSpec.Single(443)],
    ];

    private static IEnumerable<CaptureProtocol?> EveryProtocol()
    {
        yield return null;
        foreach (var name in CaptureProtocol.Names)
        {
            CaptureProtocol.TryFromName(name, out var named);
            yield return named;
        }

        for (var number = 1; number <= 255; number++)
        {
            yield return CaptureProtocol.FromNumber(number);
        }
    }

    private static IEnumerable<CaptureFilter> EveryRuleShape() =>
        from protocol in EveryProtocol()
        from ports in PortLists
        where ports.Length == 0 || protocol is null || protocol.Value.HasPorts
        select new CaptureFilter { Protocol = protocol, Ports = [.. ports] };

    [Fact]
    public void Every_rule_shape_the_compiler_can_produce_compiles_with_libpcap()
    {
        var rules = EveryRuleShape().ToList();
        var refused = new List<string>();
        foreach (var rule in rules)
        {
            var expression = BpfFilterCompiler.Compile([rule]);
            if (BpfFilterCheck.Check(expression) is { } error)
            {
                refused.Add($"{expression}: {error}");
            }
        }

        // 262 protocols without ports, 6 port-carrying protocols and "any" with 5 port lists.
        Assert.Equal(262 + (7 * 5), rules.Count);
        Assert.Empty(refused);
    }

    [Fact]
    public void Rules_combined_with_or_compile_with_libpcap()
    {
        var rules = EveryRuleShape().Where(r => r.Protocol is not null || !r.Ports.IsEmpty).Where((_, i) => i % 4 == 0).Take(InputLimits.MaxFilters).ToImmutableArray();

        var expression = BpfFilterCompiler.Compile(rules);

        Assert.Null(BpfFilterCheck.Check(expression));
        Assert.Equal(InputLimits.MaxFilters, rules.Length);
        Assert.Equal(rules.Length - 1, expression.Split(") or (").Length - 1);
    }

    [Fact]
    public void Largest_filter_the_limits_allow_fits_the_kernel_instruction_limit()
    {
        // Ranges without a protocol are the costliest port tests (tcp, udp and sctp each).
        var ranges = Enumerable.Range(0, InputLimits.MaxPorts).Select(i => PortSpec.Range(1 + (i * 10), 5 + (i * 10)));
        var expression = BpfFilterCompiler.Compile([new CaptureFilter { Ports = [.. ranges] }]);

        Assert.InRange(BpfFilterCheck.InstructionCount(expression), 1, 4096);
    }

    [Fact]
    public void Libpcap_refuses_a_broken_expression_with_its_reason()
    {
        Assert.Contains("syntax error", BpfFilterCheck.Check("(tcp and"), StringComparison.Ordinal);
    }

    [Fact]
    public void Tcp_port_rule_matches_only_tcp_to_that_port()
    {
        var expression = BpfFilterCompilerTests.CompileYaml("- protocol: TCP\n  ports: [80]");

        Assert.True(BpfFilterCheck.Matches(expression, Frames.Ipv4(6, destinationPort: 80)));
        Assert.True(BpfFilterCheck.Matches(expression, Frames.Ipv4(6, sourcePort: 80, destinationPort: 5555)));
        Assert.True(BpfFilterCheck.Matches(expression, Frames.Ipv6(6, destinationPort: 80)));
        Assert.False(BpfFilterCheck.Matches(expression, Frames.Ipv4(6, destinationPort: 81)));
        Assert.False(BpfFilterCheck.Matches(expression, Frames.Ipv4(17, destinationPort: 80)));
        Assert.False(BpfFilterCheck.Matches(expression, Frames.Ipv4(1)));
    }

    [Fact]
    public void Port_range_matches_its_bounds_and_nothing_outside()
    {
        var expression = BpfFilterCompilerTests.CompileYaml("- protocol: UDP\n  ports: ['1000:2000']");

        Assert.True(BpfFilterCheck.Matches(expression, Frames.Ipv4(17, destinationPort: 1000)));
        Assert.True(BpfFilterCheck.Matches(expression, Frames.Ipv4(17, destinationPort: 2000)));
        Assert.False(BpfFilterCheck.Matches(expression, Frames.Ipv4(17, sourcePort: 999, destinationPort: 999)));
        Assert.False(BpfFilterCheck.Matches(expression, Frames.Ipv4(17, sourcePort: 2001, destinationPort: 2001)));
    }

    [Fact]
    public void Numbered_protocol_matches_ipv6_where_the_reference_form_does_not()
    {
        const string reference = "(ip proto 6)";
        var ours = BpfFilterCompilerTests.CompileYaml("- protocol: 6");
        var ipv6Tcp = Frames.Ipv6(6);

        Assert.False(BpfFilterCheck.Matches(reference, ipv6Tcp));
        Assert.True(BpfFilterCheck.Matches(ours, ipv6Tcp));
        Assert.True(BpfFilterCheck.Matches(ours, Frames.Ipv4(6)));
        Assert.False(BpfFilterCheck.Matches(ours, Frames.Ipv6(17)));
        // By number now means what by name means.
        Assert.True(BpfFilterCheck.Matches(BpfFilterCompilerTests.CompileYaml("- protocol: TCP"), ipv6Tcp));
    }

    [Fact]
    public void UdpLite_matches_ipv6_where_the_reference_form_does_not()
    {
        var ours = BpfFilterCompilerTests.CompileYaml("- protocol: UDPLite");

        Assert.False(BpfFilterCheck.Matches("(ip proto 136)", Frames.Ipv6(136)));
        Assert.True(BpfFilterCheck.Matches(ours, Frames.Ipv6(136)));
        Assert.True(BpfFilterCheck.Matches(ours, Frames.Ipv4(136)));
    }

    [Fact]
    public void Icmp_names_keep_their_own_ip_version()
    {
        Assert.True(BpfFilterCheck.Matches("(icmp)", Frames.Ipv4(1)));
        Assert.False(BpfFilterCheck.Matches("(icmp)", Frames.Ipv6(58)));
        Assert.True(BpfFilterCheck.Matches("(icmp6)", Frames.Ipv6(58)));
    }
}
