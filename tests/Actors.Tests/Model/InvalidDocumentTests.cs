using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Model;

/// <summary>
/// Every rule of SPEC.md §2 and every shape mistake, rejected with the exact field path
/// and a message that says what is wrong.
/// </summary>
public sealed class InvalidDocumentTests
{
    private static string Doc(string metadata = "  name: cap\n  namespace: ns\n", string spec = "  selector: all()\n", string head = "apiVersion: projectcalico.org/v3\nkind: PacketCapture\n") =>
        $"{head}metadata:\n{metadata}spec:\n{spec}";

    private static string Filters(string rules) => $"  filters:\n{rules}";

    public static TheoryData<string, string, string, string> Cases => new()
    {
        // case name, document, expected path, expected message fragment
        { "missing apiVersion", "kind: PacketCapture\nmetadata:\n  name: a\n", "apiVersion", "is required" },
        { "wrong apiVersion", Doc(head: "apiVersion: projectcalico.org/v1\nkind: PacketCapture\n"), "apiVersion", "must be \"projectcalico.org/v3\", got \"projectcalico.org/v1\"" },
        { "apiVersion a number", Doc(head: "apiVersion: 3\nkind: PacketCapture\n"), "apiVersion", "must be a string, got a number" },
        { "wrong kind", Doc(head: "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\n"), "kind", "must be \"PacketCapture\", got \"NetworkPolicy\"" },
        { "kind lowercase", Doc(head: "apiVersion: projectcalico.org/v3\nkind: packetcapture\n"), "kind", "must be \"PacketCapture\"" },
        { "missing kind", "apiVersion: projectcalico.org/v3\nmetadata:\n  name: a\n", "kind", "is required" },
        { "missing metadata", "apiVersion: projectcalico.org/v3\nkind: PacketCapture\n", "metadata", "is required" },
        { "metadata a list", "apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata: [a]\n", "metadata", "must be a map" },
        { "missing name", Doc(metadata: "  namespace: ns\n"), "metadata.name", "is required" },
        { "empty name", Doc(metadata: "  name: ''\n"), "metadata.name", "is required" },
        { "underscore in name", Doc(metadata: "  name: my_capture\n"), "metadata.name", "'_' is not allowed" },
        { "uppercase name", Doc(metadata: "  name: MyCapture\n"), "metadata.name", "uppercase letters are not allowed" },
        { "name starts with dash", Doc(metadata: "  name: -cap\n"), "metadata.name", "starting and ending with a letter or digit" },
        { "name ends with dot", Doc(metadata: "  name: cap.\n"), "metadata.name", "is not a valid name" },
        { "name too long", Doc(metadata: $"  name: {new string('a', 254)}\n"), "metadata.name", "at most 253 characters, got 254" },
        { "name a number", Doc(metadata: "  name: 42\n"), "metadata.name", "must be a string, got a number (quote it: '42')" },
        { "namespace with dot", Doc(metadata: "  name: a\n  namespace: my.ns\n"), "metadata.namespace", "is not a valid namespace" },
        { "namespace too long", Doc(metadata: $"  name: a\n  namespace: {new string('n', 64)}\n"), "metadata.namespace", "at most 63 characters, got 64" },
        { "namespace uppercase", Doc(metadata: "  name: a\n  namespace: Prod\n"), "metadata.namespace", "DNS-1123 label" },
        { "reserved namespace label", Doc(metadata: "  name: a\n  labels:\n    projectcalico.org/namespace: x\n"), "metadata.labels[\"projectcalico.org/namespace\"]", "is reserved" },
        { "label value a number", Doc(metadata: "  name: a\n  labels:\n    version: 2\n"), "metadata.labels[\"version\"]", "must be a string, got a number" },
        { "label value bad chars", Doc(metadata: "  name: a\n  labels:\n    team: 'a b'\n"), "metadata.labels[\"team\"]", "is not valid" },
        { "unknown metadata field", Doc(metadata: "  name: a\n  nmae: b\n"), "metadata.nmae", "unknown field" },
        { "unknown top-level field", Doc() + "extra: 1\n", "extra", "unknown field; a PacketCapture has only apiVersion, kind, metadata, spec, status" },
        { "field in wrong case", Doc(spec: "  selector: all()\n  StartTime: '2021-08-26T12:00:00Z'\n"), "spec.StartTime", "did you mean \"startTime\"" },
        { "spec a string", "apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: a\nspec: all()\n", "spec", "must be a map" },
        { "selector does not parse", Doc(spec: "  selector: a ==\n"), "spec.selector", "offset" },
        { "selector a number", Doc(spec: "  selector: 5\n"), "spec.selector", "must be a string" },
        { "selector too long", Doc(spec: $"  selector: has({new string('k', 5000)})\n"), "spec.selector", "at most 4096 are allowed" },
        { "filters a map", Doc(spec: "  filters:\n    protocol: TCP\n"), "spec.filters", "must be a list of rules" },
        { "rule a string", Doc(spec: Filters("    - TCP\n")), "spec.filters[0]", "must be a rule" },
        { "unknown rule field", Doc(spec: Filters("    - protocol: TCP\n      port: 80\n")), "spec.filters[0].port", "did you mean \"ports\"" },
        { "protocol lowercase", Doc(spec: Filters("    - protocol: tcp\n")), "spec.filters[0].protocol", "did you mean \"TCP\"" },
        { "protocol unknown", Doc(spec: Filters("    - protocol: QUIC\n")), "spec.filters[0].protocol", "\"QUIC\" is not a protocol" },
        { "protocol zero", Doc(spec: Filters("    - protocol: 0\n")), "spec.filters[0].protocol", "out of range; it must be 1-255" },
        { "protocol 256", Doc(spec: Filters("    - protocol: 256\n")), "spec.filters[0].protocol", "out of range" },
        { "protocol digit string 300", Doc(spec: Filters("    - protocol: '300'\n")), "spec.filters[0].protocol", "out of range" },
        { "protocol a float", Doc(spec: Filters("    - protocol: 6.5\n")), "spec.filters[0].protocol", "got a number (6.5)" },
        { "protocol a bool", Doc(spec: Filters("    - protocol: true\n")), "spec.filters[0].protocol", "got a boolean" },
        { "protocol negative", Doc(spec: Filters("    - protocol: -6\n")), "spec.filters[0].protocol", "must be" },
        { "named port", Doc(spec: Filters("    - protocol: TCP\n      ports: [http]\n")), "spec.filters[0].ports[0]", "PacketCapture accepts only numerical ports" },
        { "dash range", Doc(spec: Filters("    - protocol: TCP\n      ports: ['80-100']\n")), "spec.filters[0].ports[0]", "is not a port range; write a range as \"80:100\"" },
        { "port zero", Doc(spec: Filters("    - ports: [0]\n")), "spec.filters[0].ports[0]", "out of range; ports are 1-65535" },
        { "port too big", Doc(spec: Filters("    - ports: [65536]\n")), "spec.filters[0].ports[0]", "out of range" },
        { "range reversed", Doc(spec: Filters("    - ports: ['100:80']\n")), "spec.filters[0].ports[0]", "starts after it ends" },
        { "range end too big", Doc(spec: Filters("    - ports: ['80:70000']\n")), "spec.filters[0].ports[0]", "out of range" },
        { "range start zero", Doc(spec: Filters("    - ports: ['0:10']\n")), "spec.filters[0].ports[0]", "out of range" },
        { "port with spaces", Doc(spec: Filters("    - ports: [' 80']\n")), "spec.filters[0].ports[0]", "is not a port" },
        { "port a map", Doc(spec: Filters("    - ports: [{a: 1}]\n")), "spec.filters[0].ports[0]", "got a map" },
        { "ports a number", Doc(spec: Filters("    - ports: 80\n")), "spec.filters[0].ports", "must be a list of ports" },
        { "second rule second port", Doc(spec: Filters("    - protocol: UDP\n    - protocol: TCP\n      ports: [80, x]\n")), "spec.filters[1].ports[1]", "numerical ports" },
        { "ICMP with ports", Doc(spec: Filters("    - protocol: ICMP\n      ports: [80]\n")), "spec.filters[0].ports", "only allowed with TCP, UDP or SCTP" },
        { "ICMPv6 with ports", Doc(spec: Filters("    - protocol: ICMPv6\n      ports: [80]\n")), "spec.filters[0].ports", "ICMPv6 has no ports" },
        { "UDPLite with ports", Doc(spec: Filters("    - protocol: UDPLite\n      ports: [80]\n")), "spec.filters[0].ports", "UDPLite has no ports" },
        { "protocol 1 with ports", Doc(spec: Filters("    - protocol: 1\n      ports: [80]\n")), "spec.filters[0].ports", "1 has no ports" },
        { "startTime not RFC 3339", Doc(spec: "  startTime: 'tomorrow'\n"), "spec.startTime", "is not an RFC 3339 time" },
        { "startTime date only", Doc(spec: "  startTime: '2021-08-26'\n"), "spec.startTime", "is not an RFC 3339 time" },
        { "endTime without offset", Doc(spec: "  endTime: '2021-08-26T12:00:00'\n"), "spec.endTime", "is not an RFC 3339 time" },
        { "endTime a number", Doc(spec: "  endTime: 1630000000\n"), "spec.endTime", "must be a string" },
        { "endTime before startTime", Doc(spec: "  startTime: '2021-08-26T12:00:00Z'\n  endTime: '2021-08-26T11:00:00Z'\n"), "spec.endTime", "must be after spec.startTime" },
        { "endTime equal to startTime", Doc(spec: "  startTime: '2021-08-26T12:00:00Z'\n  endTime: '2021-08-26T14:00:00+02:00'\n"), "spec.endTime", "must be after spec.startTime, and both are" },
        { "status state unknown", Doc() + "status:\n  files:\n    - node: n\n      state: Running\n", "status.files[0].state", "is not a state" },
        { "status file without node", Doc() + "status:\n  files:\n    - state: Finished\n", "status.files[0].node", "is required" },
        { "too many filters", Doc(spec: Filters(string.Concat(Enumerable.Repeat("    - protocol: TCP\n", 65)))), "spec.filters", "at most 64 are allowed" },
        { "too many ports", Doc(spec: Filters("    - ports: [" + string.Join(",", Enumerable.Range(1, 300)) + "]\n")), "spec.filters[0].ports", "at most 64 are allowed" },
        { "too many ports across rules", Doc(spec: Filters("    - ports: [" + string.Join(",", Enumerable.Range(1, 40)) + "]\n    - ports: [" + string.Join(",", Enumerable.Range(100, 40)) + "]\n")), "spec.filters", "has 80 ports across its rules; at most 64" },
        { "a list document", "- a\n- b\n", "", "must be a map of fields" },
        { "a scalar document", "hello\n", "", "must be a map of fields" },
        { "control characters", "\u0000\u0001binary", "", "must be a map of fields" },
        { "list without items", "apiVersion: v1\nkind: List\n", "items", "is required in a list" },
        { "list of wrong version", "apiVersion: projectcalico.org/v3\nkind: List\nitems: []\n", "apiVersion", "must have apiVersion \"v1\"" },
        { "json wrong type", """{"apiVersion":"projectcalico.org/v3","kind":"PacketCapture","metadata":{"name":"a"},"spec":{"filters":[{"ports":[true]}]}}""", "spec.filters[0].ports[0]", "got a boolean" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_document_is_rejected_naming_the_field(string because, string document, string path, string message)
    {
        var results = ResourceReader.Read(document);

        var invalid = Assert.Single(results, r => !r.IsValid);
        Assert.Null(invalid.Resource);
        Assert.True(invalid.Errors.Any(e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal)),
            $"{because}: expected {path}: …{message}…, got: {string.Join(" | ", invalid.Errors)}");
    }

    [Fact]
    public void All_problems_of_a_document_are_reported_at_once_metadata_first()
    {
        var document = Doc(
            metadata: "  name: Bad_Name\n  namespace: Bad\n",
            spec: "  selector: a ==\n" + Filters("    - protocol: tcp\n      ports: [http, '1-2']\n") + "  startTime: x\n");

        var errors = Assert.Single(ResourceReader.Read(document)).Errors;

        Assert.Equal(["metadata.name", "metadata.namespace"], errors.Take(2).Select(e => e.Path));
        Assert.Equal(
            ["spec.filters[0].ports[0]", "spec.filters[0].ports[1]", "spec.filters[0].protocol", "spec.selector", "spec.startTime"],
            errors.Skip(2).Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Valid_and_invalid_documents_of_one_file_are_told_apart()
    {
        var results = ResourceReader.Read(SampleDocuments.First + "---\n" + Doc(metadata: "  name: x_y\n"));

        Assert.True(results[0].IsValid);
        Assert.False(results[1].IsValid);
        Assert.Equal("document 2", results[1].Origin);
        Assert.Equal("default/x_y", results[1].Identity);
    }

    [Theory]
    [InlineData("", "holds no document")]
    [InlineData("   \n\n", "holds no document")]
    [InlineData("---\n---\n", "holds no document")]
    [InlineData("a: [1, 2\n", "not valid YAML")]
    [InlineData("a: b\n  c: d\n", "not valid YAML")]
    [InlineData("{\"a\": }", "not valid JSON")]
    [InlineData("{\"a\": 1, \"a\": 2}", "appears twice")]
    [InlineData("a: 1\na: 2\n", "field \"a\" appears twice")]
    [InlineData("base: &x {a: 1}\nother: *x\n", "anchors and aliases are not supported")]
    public void Malformed_input_is_refused_as_a_whole(string text, string message)
    {
        var error = Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_input_is_refused_before_parsing()
    {
        var huge = Doc() + "  # " + new string('x', InputLimits.MaxInputBytes) + "\n";

        var error = Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(huge));

        Assert.Contains("larger than 1024 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_without_overflowing_the_stack()
    {
        var deepYaml = "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var deepJson = new string('[', 100_000) + new string(']', 100_000);

        Assert.Contains("nesting is deeper than", Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(deepYaml)).Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(deepJson)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hundred_thousand_element_list_is_refused()
    {
        var ports = "[" + string.Join(",", Enumerable.Repeat("80", 100_001)) + "]";
        var document = Doc(spec: Filters($"    - ports: {ports}\n"));

        var error = Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(document));

        Assert.Contains("more than 100000 values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_documents_are_refused()
    {
        var many = string.Concat(Enumerable.Repeat(SampleDocuments.First + "---\n", InputLimits.MaxDocuments + 1));

        Assert.Contains("more than 500 documents", Assert.Throws<DocumentFormatException>(() => ResourceReader.Read(many)).Message, StringComparison.Ordinal);
    }
}
