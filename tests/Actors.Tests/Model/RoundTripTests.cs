using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Model;

public sealed class RoundTripTests
{
    [Theory]
    [InlineData(SampleDocuments.First)]
    [InlineData(SampleDocuments.Second)]
    public void Sample_documents_are_written_back_byte_for_byte(string yaml)
    {
        var document = Assert.Single(ResourceReader.Read(yaml));

        Assert.True(document.IsValid, string.Join("; ", document.Errors));
        Assert.Equal(yaml, ResourceWriter.ToYaml(document.Resource!));
    }

    [Fact]
    public void Multi_document_file_reads_both_samples_and_writes_the_same_stream()
    {
        var documents = ResourceReader.Read(SampleDocuments.Both);

        Assert.Equal(2, documents.Count);
        Assert.All(documents, d => Assert.True(d.IsValid));
        Assert.Equal(SampleDocuments.Both, ResourceWriter.ToYaml(documents.Select(d => d.Resource!)));
    }

    [Theory]
    [InlineData(SampleDocuments.First, SampleDocuments.FirstJson)]
    [InlineData(SampleDocuments.Second, SampleDocuments.SecondJson)]
    public void Json_equivalent_reads_to_the_same_resource_and_json_round_trips(string yaml, string json)
    {
        var fromYaml = Assert.Single(ResourceReader.Read(yaml)).Resource!;
        var fromJson = Assert.Single(ResourceReader.Read(json)).Resource!;

        Assert.Equal(fromYaml, fromJson);
        var written = ResourceWriter.ToJson(fromJson);
        Assert.Equal(fromJson, Assert.Single(ResourceReader.Read(written)).Resource);
    }

    [Fact]
    public void Sample_values_are_read_as_typed_fields()
    {
        var first = ResourceReader.Read(SampleDocuments.First)[0].Resource!;
        var second = ResourceReader.Read(SampleDocuments.Second)[0].Resource!;

        Assert.Equal("sample-namespace/sample-capture", first.Key);
        Assert.Equal("k8s-app == \"sample-app\"", first.Spec.Selector);
        var rule = Assert.Single(first.Spec.EffectiveFilters);
        Assert.Equal("TCP", rule.Protocol!.Value.Name);
        Assert.Equal(6, rule.Protocol.Value.Number);
        Assert.Equal([PortSpec.Single(80)], rule.Ports.ToArray());
        Assert.Equal(new DateTimeOffset(2021, 8, 26, 12, 0, 0, TimeSpan.Zero), second.Spec.StartTime);
        Assert.Equal(new DateTimeOffset(2021, 8, 26, 12, 30, 0, TimeSpan.Zero), second.Spec.EndTime);
    }

    [Fact]
    public void Full_resource_with_status_round_trips_through_yaml_and_json()
    {
        var yaml = """
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata:
              name: web.capture
              namespace: prod
              uid: 3f1c
              resourceVersion: '42'
              generation: 3
              creationTimestamp: '2026-11-25T10:00:00.5Z'
              labels:
                team: net
              annotations:
                note: "line one\nline two"
            spec:
              selector: '!has(canary) && app in {"web", "api"}'
              filters:
                - protocol: 17
                  ports:
                    - 53
                    - '1000:2000'
                - protocol: ICMPv6
                - {}
              startTime: '2026-11-25T12:00:00+02:00'
              endTime: '2026-11-25T13:00:00.25Z'
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
                  state: WaitingForTraffic

            """;

        var resource = Assert.Single(ResourceReader.Read(yaml)).Resource!;

        Assert.Equal(yaml, ResourceWriter.ToYaml(resource));
        Assert.Equal(resource, ResourceReader.Read(ResourceWriter.ToJson(resource))[0].Resource);
        Assert.Equal(CaptureState.Capturing, resource.Status!.Files[0].State);
        Assert.Equal(TimeSpan.FromHours(2), resource.Spec.StartTime!.Value.Offset);
    }

    [Fact]
    public void Kind_list_yields_each_item_and_our_list_output_reads_back()
    {
        var list = """
            apiVersion: v1
            kind: List
            items:
              - apiVersion: projectcalico.org/v3
                kind: PacketCapture
                metadata: {name: a}
              - apiVersion: projectcalico.org/v3
                kind: PacketCapture
                metadata: {name: b, namespace: other}
            """;

        var items = ResourceReader.Read(list);

        Assert.Equal(["default/a", "other/b"], items.Select(i => i.Resource!.Key));
        var yamlList = ResourceWriter.ToYamlList(items.Select(i => i.Resource!), "7");
        var jsonList = ResourceWriter.ToJsonList(items.Select(i => i.Resource!), "7");
        Assert.Equal(items.Select(i => i.Resource), ResourceReader.Read(yamlList).Select(i => i.Resource));
        Assert.Equal(items.Select(i => i.Resource), ResourceReader.Read(jsonList).Select(i => i.Resource));
    }

    [Fact]
    public void Empty_list_is_written_as_an_empty_items_list()
    {
        Assert.Empty(ResourceReader.Read(ResourceWriter.ToYamlList([])));
        Assert.Empty(ResourceReader.Read(ResourceWriter.ToJsonList([])));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("123")]
    [InlineData("1.5")]
    [InlineData("null")]
    [InlineData("- dash")]
    [InlineData("a: b")]
    [InlineData("x #y")]
    [InlineData("it's")]
    [InlineData(" padded ")]
    [InlineData("")]
    [InlineData("2021-08-26")]
    [InlineData("tab\there")]
    public void Strings_that_yaml_would_read_otherwise_are_quoted_and_read_back(string value)
    {
        var resource = new PacketCaptureResource(
            new ObjectMeta { Name = "q", Annotations = System.Collections.Immutable.ImmutableSortedDictionary<string, string>.Empty.Add("note", value) },
            new PacketCaptureSpec());

        var read = Assert.Single(ResourceReader.Read(ResourceWriter.ToYaml(resource)));

        Assert.Equal(value, read.Resource!.Metadata.Annotations["note"]);
    }

    [Fact]
    public void Missing_namespace_defaults_to_default()
    {
        var resource = ResourceReader.Read("apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: x\n")[0].Resource!;

        Assert.Equal("default", resource.Metadata.Namespace);
        Assert.Null(resource.Spec.Selector);
        Assert.Empty(resource.Spec.EffectiveFilters);
    }
}
