using System.Text.Json.Nodes;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Tests.Model;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>
/// The CRD's schema against SPEC.md: it accepts what the product accepts and refuses, with the
/// field's path, what a schema can express of SPEC.md §2. The rest is CEL (evaluated by the API
/// server, not here) or the product's own validation.
/// </summary>
public sealed class CrdSchemaTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Load(ManifestFiles.CrdSchema());

    public static TheoryData<string> ValidSpecs =>
    [
        "{}",
        "selector: ''",
        "selector: all()",
        "filters: []",
        "filters: [{}]",
        "filters: [{protocol: TCP}, {protocol: UDP}, {protocol: ICMP}, {protocol: ICMPv6}, {protocol: SCTP}, {protocol: UDPLite}]",
        "filters: [{protocol: 1}, {protocol: 255}, {protocol: '6'}, {protocol: '255'}]",
        "filters: [{ports: [1, 65535, '80', '1:65535', '1234:5678', '80:80']}]",
        "filters: [{protocol: 17, ports: [53]}]",
        "startTime: '2021-08-26T12:00:00.123456Z'\nendTime: '2021-08-26T14:30:00+02:00'",
    ];

    // Each: a spec, the path the schema names, a word of its message. The product refuses each too.
    public static TheoryData<string, string, string> InvalidSpecs => new()
    {
        { "filters: [{protocol: tcp}]", "spec.filters[0].protocol", "does not match" },
        { "filters: [{protocol: HTTP}]", "spec.filters[0].protocol", "does not match" },
        { "filters: [{protocol: 0}]", "spec.filters[0].protocol", "minimum" },
        { "filters: [{protocol: 256}]", "spec.filters[0].protocol", "maximum" },
        { "filters: [{protocol: '256'}]", "spec.filters[0].protocol", "does not match" },
        { "filters: [{protocol: 6.5}]", "spec.filters[0].protocol", "integer or a string" },
        { "filters: [{protocol: [TCP]}]", "spec.filters[0].protocol", "integer or a string" },
        { "filters: [{ports: [0]}]", "spec.filters[0].ports[0]", "minimum" },
        { "filters: [{ports: [65536]}]", "spec.filters[0].ports[0]", "maximum" },
        { "filters: [{ports: ['80-100']}]", "spec.filters[0].ports[0]", "does not match" },
        { "filters: [{ports: ['1:65536']}]", "spec.filters[0].ports[0]", "does not match" },
        { "filters: [{ports: [http]}]", "spec.filters[0].ports[0]", "does not match" },
        { "filters: [{ports: 80}]", "spec.filters[0].ports", "must be array" },
        { "filters: {protocol: TCP}", "spec.filters", "must be array" },
        { "filters: [TCP]", "spec.filters[0]", "must be object" },
        { "filters: [{protocol: TCP, port: 80}]", "spec.filters[0].port", "unknown field" },
        { "selector: 5", "spec.selector", "must be string" },
        { "selector: [all()]", "spec.selector", "must be string" },
        { "selectr: all()", "spec.selectr", "unknown field" },
        { "startTime: yesterday", "spec.startTime", "RFC 3339" },
        { "startTime: '2021-08-26'", "spec.startTime", "RFC 3339" },
        { "endTime: '2021-08-26T12:00:00'", "spec.endTime", "RFC 3339" },
        { "endTime: '2021-02-30T12:00:00Z'", "spec.endTime", "RFC 3339" },
    };

    [Fact]
    public void The_schema_uses_only_keywords_the_validator_enforces_and_is_structural()
    {
        Assert.Empty(StructuralSchema.Problems(ManifestFiles.CrdSchema()));
    }

    [Fact]
    public void Both_SPEC_samples_are_accepted_in_YAML_and_in_JSON()
    {
        var documents = YamlJson.Documents(SampleDocuments.Both)
            .Concat([JsonNode.Parse(SampleDocuments.FirstJson), JsonNode.Parse(SampleDocuments.SecondJson)])
            .ToList();

        Assert.Equal(4, documents.Count);
        Assert.All(documents, d => Assert.Empty(Schema.Validate(d)));
    }

    [Fact]
    public void The_example_captures_are_accepted()
    {
        var examples = ManifestFiles.Load("examples/sample-captures.yaml");

        Assert.Equal(2, examples.Count);
        Assert.All(examples, e => Assert.Empty(Schema.Validate(e.Object)));
    }

    [Theory]
    [MemberData(nameof(ValidSpecs))]
    public void A_spec_the_product_accepts_is_accepted(string spec)
    {
        var yaml = Capture(spec);
        Assert.True(ResourceReader.ReadSingle(yaml).IsValid, "the product refuses it: " + string.Join("; ", ResourceReader.ReadSingle(yaml).Errors));

        Assert.Empty(Schema.Validate(YamlJson.Document(yaml)));
    }

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void A_spec_breaking_a_rule_a_schema_can_express_is_refused_naming_the_field(string spec, string path, string word)
    {
        var yaml = Capture(spec);
        Assert.False(ResourceReader.ReadSingle(yaml).IsValid, "the product accepts it");

        var error = Assert.Single(Schema.Validate(YamlJson.Document(yaml)));
        Assert.StartsWith(path + ": ", error, StringComparison.Ordinal);
        Assert.Contains(word, error, StringComparison.Ordinal);
    }

    [Fact]
    public void More_rules_or_ports_than_the_product_allows_are_refused()
    {
        var rules = string.Join(", ", Enumerable.Repeat("{protocol: TCP}", InputLimits.MaxFilters + 1));
        var ports = string.Join(", ", Enumerable.Range(1, InputLimits.MaxPorts + 1));
        var selector = new string('a', InputLimits.MaxSelectorLength + 1);

        Assert.Equal(["spec.filters: has 65 items, at most 64 allowed"], Schema.Validate(YamlJson.Document(Capture($"filters: [{rules}]"))));
        Assert.Equal(["spec.filters[0].ports: has 65 items, at most 64 allowed"], Schema.Validate(YamlJson.Document(Capture($"filters: [{{ports: [{ports}]}}]"))));
        Assert.Equal(["spec.selector: is 4097 characters long, at most 4096 allowed"], Schema.Validate(YamlJson.Document(Capture($"selector: {selector}"))));
        Assert.Empty(Schema.Validate(YamlJson.Document(Capture($"selector: {selector[1..]}"))));
    }

    [Fact]
    public void Rules_across_fields_are_CEL_rules_on_the_right_fields()
    {
        // A schema alone accepts these; the API server's CEL rules refuse them (not evaluated here).
        var rules = StructuralSchema.CelRules(ManifestFiles.CrdSchema());

        Assert.Contains(rules, r => r.Path == "spec" && r.Rule.Contains("self.endTime > self.startTime", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Path == "spec" && r.Rule.Contains(".sum() <= 64", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Path == "spec.filters[]" && r.Rule.Contains("'TCP', 'UDP', 'SCTP', '6', '17', '132'", StringComparison.Ordinal));
        Assert.Contains(rules, r => r.Path == "spec.filters[].ports[]" && r.Rule.Contains("split(':')", StringComparison.Ordinal));
        Assert.Equal(4, rules.Count);
        foreach (var spec in new[] { "filters: [{protocol: ICMP, ports: [80]}]", "startTime: '2021-08-26T12:00:00Z'\nendTime: '2021-08-26T12:00:00Z'", "filters: [{ports: ['90:80']}]" })
        {
            Assert.False(ResourceReader.ReadSingle(Capture(spec)).IsValid);
            Assert.Empty(Schema.Validate(YamlJson.Document(Capture(spec))));
        }
    }

    [Fact]
    public void The_status_the_product_writes_is_accepted()
    {
        var read = ResourceReader.ReadSingle(Capture("selector: all()") + """
            status:
              files:
                - node: node-1
                  directory: /var/log/calico/pcap
                  fileNames:
                    - web-7d9f_cali1234abcd-1630000000123456.pcap
                    - web-7d9f_cali1234abcd.pcap
                  state: Capturing
                - node: node-2
                  fileNames: []
                  state: Error

            """);
        Assert.True(read.IsValid, string.Join("; ", read.Errors));

        Assert.Empty(Schema.Validate(JsonNode.Parse(ResourceWriter.ToJson(read.Resource!))));
        Assert.Empty(Schema.Validate(YamlJson.Document(ResourceWriter.ToYaml(read.Resource!))));
    }

    [Fact]
    public void Status_states_are_exactly_the_products_states_and_a_files_entry_needs_a_node()
    {
        var state = ManifestFiles.CrdSchema()["properties"]!["status"]!["properties"]!["files"]!["items"]!["properties"]!["state"]!;

        Assert.Equal(Enum.GetNames<CaptureState>(), state["enum"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(
            ["status.files[0].state: \"Running\" is not one of [\"Scheduled\",\"WaitingForTraffic\",\"Capturing\",\"Finished\",\"Error\"]"],
            Schema.Validate(YamlJson.Document(Capture("{}") + "status: {files: [{node: n1, state: Running}]}\n")));
        Assert.Equal(["status.files[0].node: is required"], Schema.Validate(YamlJson.Document(Capture("{}") + "status: {files: [{fileNames: []}]}\n")));
    }

    private static string Capture(string spec) =>
        $"""
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: sample-capture
          namespace: sample-namespace
        spec:
        {Indent(spec)}

        """;

    private static string Indent(string spec) =>
        string.Join("\n", spec.Split('\n').Select(line => "  " + line));
}
