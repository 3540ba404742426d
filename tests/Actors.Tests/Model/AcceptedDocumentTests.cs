using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Model;

/// <summary>The accepted side of every rule of SPEC.md §2.</summary>
public sealed class AcceptedDocumentTests
{
    private static PacketCaptureResource Accept(string metadata = "  name: cap\n", string spec = "")
    {
        var text = $"apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n{metadata}" + (spec.Length > 0 ? $"spec:\n{spec}" : "");
        var result = Assert.Single(ResourceReader.Read(text));
        Assert.True(result.IsValid, string.Join(" | ", result.Errors));
        return result.Resource!;
    }

    [Theory]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("cap-1")]
    [InlineData("web.prod.capture")]
    [InlineData("a-b.c-d")]
    public void Dns_subdomain_names_are_accepted(string name) =>
        Assert.Equal(name, Accept($"  name: '{name}'\n").Metadata.Name);

    [Fact]
    public void Name_of_253_characters_is_accepted() =>
        Assert.Equal(253, Accept($"  name: {new string('a', 63)}.{new string('b', 63)}.{new string('c', 63)}.{new string('d', 61)}\n").Metadata.Name.Length);

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("a1")]
    public void Dns_label_namespaces_are_accepted(string ns) =>
        Assert.Equal(ns, Accept($"  name: a\n  namespace: {ns}\n").Metadata.Namespace);

    [Fact]
    public void Namespace_of_63_characters_is_accepted() =>
        Assert.Equal(63, Accept($"  name: a\n  namespace: {new string('n', 63)}\n").Metadata.Namespace.Length);

    [Fact]
    public void Other_labels_and_prefixed_keys_are_accepted()
    {
        var meta = Accept("  name: a\n  labels:\n    app.kubernetes.io/name: web\n    projectcalico.org/other: x\n    empty: ''\n").Metadata;

        Assert.Equal(3, meta.Labels.Count);
    }

    [Theory]
    [InlineData("TCP", 6)]
    [InlineData("UDP", 17)]
    [InlineData("ICMP", 1)]
    [InlineData("ICMPv6", 58)]
    [InlineData("SCTP", 132)]
    [InlineData("UDPLite", 136)]
    [InlineData("1", 1)]
    [InlineData("255", 255)]
    [InlineData("'6'", 6)]
    [InlineData("\"17\"", 17)]
    public void Protocols_by_name_number_or_digit_string_are_accepted(string written, int number)
    {
        var rule = Assert.Single(Accept(spec: $"  filters:\n    - protocol: {written}\n").Spec.EffectiveFilters);

        Assert.Equal(number, rule.Protocol!.Value.Number);
    }

    [Fact]
    public void Digit_string_protocol_is_read_as_the_number()
    {
        var rule = Assert.Single(Accept(spec: "  filters:\n    - protocol: '6'\n").Spec.EffectiveFilters);

        Assert.Null(rule.Protocol!.Value.Name);
        Assert.Equal(CaptureProtocol.FromNumber(6), rule.Protocol);
    }

    [Theory]
    [InlineData("1", 1, 1, false)]
    [InlineData("65535", 65535, 65535, false)]
    [InlineData("'443'", 443, 443, false)]
    [InlineData("'1:65535'", 1, 65535, true)]
    [InlineData("'80:80'", 80, 80, true)]
    [InlineData("'1234:5678'", 1234, 5678, true)]
    public void Ports_and_ranges_are_accepted(string written, int first, int last, bool isRange)
    {
        var port = Assert.Single(Assert.Single(Accept(spec: $"  filters:\n    - protocol: TCP\n      ports: [{written}]\n").Spec.EffectiveFilters).Ports);

        Assert.Equal((first, last, isRange), (port.First, port.Last, port.IsRange));
    }

    [Theory]
    [InlineData("protocol: UDP")]
    [InlineData("protocol: SCTP")]
    [InlineData("protocol: 6")]
    [InlineData("protocol: 17")]
    [InlineData("protocol: 132")]
    public void Ports_are_accepted_with_every_protocol_that_has_ports(string protocol) =>
        Assert.Single(Accept(spec: $"  filters:\n    - {protocol}\n      ports: [53]\n").Spec.EffectiveFilters);

    [Fact]
    public void Ports_without_protocol_are_accepted() =>
        Assert.Null(Assert.Single(Accept(spec: "  filters:\n    - ports: [80, '8000:8080']\n").Spec.EffectiveFilters).Protocol);

    [Fact]
    public void Rule_with_neither_protocol_nor_ports_is_accepted()
    {
        var rules = Accept(spec: "  filters:\n    - {}\n    -\n").Spec.EffectiveFilters;

        Assert.Equal(2, rules.Length);
        Assert.All(rules, r => Assert.True(r.Protocol is null && r.Ports.IsEmpty));
    }

    [Theory]
    [InlineData("''")]
    [InlineData("'   '")]
    [InlineData("all()")]
    public void Empty_or_blank_selector_is_accepted(string selector) =>
        Accept(spec: $"  selector: {selector}\n");

    [Theory]
    [InlineData("2021-08-26T12:00:00Z")]
    [InlineData("2021-08-26T12:00:00.123456Z")]
    [InlineData("2021-08-26t12:00:00z")]
    [InlineData("2021-08-26T14:00:00+02:00")]
    [InlineData("2021-08-26T07:00:00-05:00")]
    public void Rfc3339_times_are_accepted(string time) =>
        Assert.NotNull(Accept(spec: $"  startTime: '{time}'\n").Spec.StartTime);

    [Fact]
    public void End_time_in_the_past_is_accepted() =>
        Assert.Equal(2001, Accept(spec: "  endTime: '2001-01-01T00:00:00Z'\n").Spec.EndTime!.Value.Year);

    [Fact]
    public void Start_only_or_end_only_is_accepted()
    {
        Assert.Null(Accept(spec: "  startTime: '2030-01-01T00:00:00Z'\n").Spec.EndTime);
        Assert.Null(Accept(spec: "  endTime: '2030-01-01T00:00:00Z'\n").Spec.StartTime);
    }

    [Fact]
    public void Null_fields_count_as_absent()
    {
        var resource = Accept("  name: a\n  namespace: ~\n", "  selector: null\n  filters:\n  startTime:\n");

        Assert.Equal("default", resource.Metadata.Namespace);
        Assert.Null(resource.Spec.Filters);
    }

    [Fact]
    public void Server_fields_in_metadata_are_accepted()
    {
        var meta = Accept("  name: a\n  uid: u-1\n  resourceVersion: '12'\n  generation: 4\n  creationTimestamp: '2026-01-01T00:00:00Z'\n").Metadata;

        Assert.Equal(("u-1", "12", 4L), (meta.Uid, meta.ResourceVersion, meta.Generation!.Value));
    }

    [Fact]
    public void Json_with_numbers_and_ranges_is_accepted()
    {
        var result = Assert.Single(ResourceReader.Read("""
            {"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"j"},
             "spec":{"filters":[{"protocol":17,"ports":[53,"1000:2000"]}]}}
            """));

        Assert.True(result.IsValid);
        Assert.Equal([PortSpec.Single(53), PortSpec.Range(1000, 2000)], result.Resource!.Spec.EffectiveFilters[0].Ports.ToArray());
    }
}
