using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Filters;

/// <summary>
/// Compiles validated <c>spec.filters</c> into a libpcap filter expression in the forms of
/// SPEC.md §4: within a rule protocol AND ports, ports OR-ed, rules OR-ed. Users never
/// write BPF; every expression comes from typed, validated fields, so nothing a user
/// types reaches libpcap's parser as raw text.
/// </summary>
public static class BpfFilterCompiler
{
    /// <summary>The expression for <paramref name="filters"/>; empty (capture everything) when there are none.</summary>
    public static string Compile(ImmutableArray<CaptureFilter> filters)
    {
        if (filters.IsDefaultOrEmpty)
        {
            return "";
        }

        // A rule with neither protocol nor ports matches everything (SPEC.md §2), and
        // anything OR everything is everything: capture unfiltered.
        if (filters.Any(f => f.Protocol is null && f.Ports.IsEmpty))
        {
            return "";
        }

        var expression = new StringBuilder();
        foreach (var filter in filters)
        {
            if (expression.Length > 0)
            {
                expression.Append(" or ");
            }

            AppendRule(expression, filter);
        }

        return expression.ToString();
    }

    private static void AppendRule(StringBuilder expression, CaptureFilter filter)
    {
        expression.Append('(');
        if (filter.Protocol is { } protocol)
        {
            expression.Append(Primitive(protocol));
            if (!filter.Ports.IsEmpty)
            {
                expression.Append(" and ");
            }
        }

        if (!filter.Ports.IsEmpty)
        {
            expression.Append('(');
            for (var i = 0; i < filter.Ports.Length; i++)
            {
                if (i > 0)
                {
                    expression.Append(" or ");
                }

                var port = filter.Ports[i];
                expression.Append(port.IsRange
                    ? string.Create(CultureInfo.InvariantCulture, $"portrange {port.First}-{port.Last}")
                    : string.Create(CultureInfo.InvariantCulture, $"port {port.First}"));
            }

            expression.Append(')');
        }

        expression.Append(')');
    }

    /// <summary>
    /// A protocol by name uses libpcap's keyword, which covers IPv4 and IPv6 (<c>tcp</c>),
    /// except UDPLite that has none. For UDPLite and protocols by number the reference writes
    /// <c>ip proto N</c>, which silently misses IPv6 traffic; we also match <c>ip6 proto N</c>
    /// so <c>protocol: 6</c> captures what <c>protocol: TCP</c> does on a dual-stack node
    /// (libpcap's own <c>tcp</c> is exactly <c>ip proto 6 or ip6 proto 6</c>).
    /// </summary>
    private static string Primitive(CaptureProtocol protocol) => protocol.Name switch
    {
        "TCP" => "tcp",
        "UDP" => "udp",
        "ICMP" => "icmp",
        "ICMPv6" => "icmp6",
        "SCTP" => "sctp",
        _ => string.Create(CultureInfo.InvariantCulture, $"(ip proto {protocol.Number} or ip6 proto {protocol.Number})"),
    };
}
