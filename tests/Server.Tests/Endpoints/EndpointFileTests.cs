using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

public sealed class EndpointFileTests
{
    private const string Valid = """
        endpoints:
          - namespace: team-a
            pod: web-1
            endpoint: eth0
            interface: veth-web1
            labels: {app: web, tier: front}
          - pod: db-1
            interface: veth-db1
          - namespace: team-a
            pod: web-1
            endpoint: net1
            interface: veth-web1b
            labels:
              app: web
              version: 2
        """;

    [Fact]
    public void A_valid_file_gives_every_endpoint_with_defaults_applied()
    {
        var result = EndpointFile.Parse(Valid, "endpoints.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["default/db-1/eth0", "team-a/web-1/eth0", "team-a/web-1/net1"], result.Endpoints.Keys);
        var web = result.Endpoints["team-a/web-1/eth0"];
        Assert.Equal(("team-a", "web-1", "veth-web1"), (web.Namespace, web.Pod, web.InterfaceName));
        Assert.Equal([new("app", "web"), new("tier", "front")], web.Labels);
        var db = result.Endpoints["default/db-1/eth0"];
        Assert.Equal(("default", "db-1", "veth-db1"), (db.Namespace, db.Pod, db.InterfaceName));
        Assert.Empty(db.Labels);
        Assert.Equal("2", result.Endpoints["team-a/web-1/net1"].Labels["version"]);
    }

    [Fact]
    public void An_empty_list_is_a_valid_file_with_no_endpoints()
    {
        var result = EndpointFile.Parse("endpoints: []\n", "endpoints.yaml");

        Assert.True(result.IsValid);
        Assert.Empty(result.Endpoints);
    }

    [Theory]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n  - pod: b\n    interface: vb\n  - pod: c\n", "endpoints.yaml: endpoints[2].interface: required")]
    [InlineData("endpoints:\n  - interface: va\n", "endpoints.yaml: endpoints[0].pod: required")]
    [InlineData("endpoints:\n  - pod: a\n    interface: abcdefghijklmnop\n", "endpoints.yaml: endpoints[0].interface: \"abcdefghijklmnop\" is 16 characters long; a Linux interface name has at most 15")]
    [InlineData("endpoints:\n  - pod: a\n    interface: a/b\n", "endpoints.yaml: endpoints[0].interface: \"a/b\" is not a valid interface name")]
    [InlineData("endpoints:\n  - pod: a\n    interface: \"..\"\n", "endpoints.yaml: endpoints[0].interface: \"..\" is not a valid interface name")]
    [InlineData("endpoints:\n  - pod: a\n    interface: 5\n", "endpoints.yaml: endpoints[0].interface: must be a string, got a number")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n    endpoint: e/1\n", "endpoints.yaml: endpoints[0].endpoint: \"e/1\" is not a valid interface name")]
    [InlineData("endpoints:\n  - namespace: Team_A\n    pod: a\n    interface: va\n", "endpoints.yaml: endpoints[0].namespace: \"Team_A\" is not a valid namespace")]
    [InlineData("endpoints:\n  - namespace: \"\"\n    pod: a\n    interface: va\n", "endpoints.yaml: endpoints[0].namespace: must not be empty")]
    [InlineData("endpoints:\n  - pod: Web_1\n    interface: va\n", "endpoints.yaml: endpoints[0].pod: \"Web_1\" is not a valid name")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n  - pod: a\n    interface: vb\n", "endpoints.yaml: endpoints[1]: duplicate of an earlier entry (namespace default, pod a, endpoint eth0)")]
    [InlineData("endpoints:\n  - pod: a\n    iface: va\n    interface: va\n", "endpoints.yaml: endpoints[0].iface: unknown field")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n    labels: {app: \"web server\"}\n", "endpoints.yaml: endpoints[0].labels[\"app\"]: label value \"web server\" must be")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n    labels: {\"-bad\": x}\n", "endpoints.yaml: endpoints[0].labels[\"-bad\"]: label name \"-bad\" must be")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n    labels: {projectcalico.org/namespace: x}\n", "endpoints.yaml: endpoints[0].labels[\"projectcalico.org/namespace\"]: is set by the node")]
    [InlineData("endpoints:\n  - pod: a\n    interface: va\n    labels: [app]\n", "endpoints.yaml: endpoints[0].labels: must be a map of label names to values, got a list")]
    [InlineData("endpoints:\n  - web-1\n", "endpoints.yaml: endpoints[0]: must be a map (namespace, pod, endpoint, interface, labels), got a string")]
    [InlineData("endpoints: web-1\n", "endpoints.yaml: endpoints: must be a list, got a string")]
    [InlineData("endpoints: []\nendpoint: []\n", "endpoints.yaml: endpoint: unknown field; the fields are endpoints")]
    [InlineData("{}\n", "endpoints.yaml: endpoints: required")]
    [InlineData("- pod: a\n", "endpoints.yaml: must be a map with an endpoints list, got a list")]
    [InlineData("endpoints: [\n", "endpoints.yaml: line ")]
    [InlineData("", "endpoints.yaml: is empty")]
    [InlineData("endpoints: []\n---\nendpoints: []\n", "endpoints.yaml: holds 2 YAML documents")]
    public void A_bad_file_gives_one_line_naming_the_file_entry_and_field(string text, string expected)
    {
        var result = EndpointFile.Parse(text, "endpoints.yaml");

        Assert.False(result.IsValid);
        Assert.Empty(result.Endpoints);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void One_bad_entry_makes_the_whole_file_invalid()
    {
        var result = EndpointFile.Parse("endpoints:\n  - pod: a\n    interface: va\n  - pod: b\n", "endpoints.yaml");

        Assert.False(result.IsValid);
        Assert.Empty(result.Endpoints);
    }

    [Fact]
    public void The_documented_example_file_is_valid()
    {
        var path = Path.Combine(VethNetwork.RepositoryRoot(), "docs", "examples", "endpoints.yaml");

        var result = EndpointFile.Parse(File.ReadAllText(path), "endpoints.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["team-a/web-1/eth0", "team-a/web-2/eth0", "team-b/db-1/eth0"], result.Endpoints.Keys);
    }
}
