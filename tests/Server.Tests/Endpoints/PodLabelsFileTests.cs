using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

public sealed class PodLabelsFileTests
{
    [Fact]
    public void A_full_labels_file_names_the_pod_and_its_labels()
    {
        var (pod, errors) = PodLabelsFile.Parse("namespace: team-a\npod: web-1\nendpoint: eth1\nlabels: {app: web}\n", "pods/ns1.yaml", "ns1");

        Assert.Empty(errors);
        Assert.NotNull(pod);
        Assert.Equal(("team-a", "web-1", "eth1"), (pod.Namespace, pod.Pod, pod.Endpoint));
        Assert.Equal("web", pod.Labels["app"]);
        var endpoint = pod.At("veth1");
        Assert.Equal(("team-a/web-1/eth1", "veth1"), (endpoint.Id, endpoint.InterfaceName));
    }

    [Theory]
    [InlineData("")]
    [InlineData("labels: {}\n")]
    public void Every_field_has_a_default_the_pod_being_the_netns_name(string text)
    {
        var (pod, errors) = PodLabelsFile.Parse(text, "pods/web-2.yaml", "web-2");

        Assert.Empty(errors);
        Assert.NotNull(pod);
        Assert.Equal(("default", "web-2", "eth0"), (pod.Namespace, pod.Pod, pod.Endpoint));
        Assert.Empty(pod.Labels);
    }

    [Theory]
    [InlineData("labels: {app: web}\n", "My_NS", "pods/My_NS.yaml: pod: defaults to the network namespace name \"My_NS\", which is not a valid pod name")]
    [InlineData("interface: veth1\n", "ns1", "pods/ns1.yaml: interface: unknown field; the fields are namespace, pod, endpoint, labels")]
    [InlineData("namespace: A\n", "ns1", "pods/ns1.yaml: namespace: \"A\" is not a valid namespace")]
    [InlineData("labels: {app: [web]}\n", "ns1", "pods/ns1.yaml: labels[\"app\"]: must be a string, got a list")]
    [InlineData("- app\n", "ns1", "pods/ns1.yaml: must be a map (namespace, pod, endpoint, labels), got a list")]
    [InlineData("labels: {app: web\n", "ns1", "pods/ns1.yaml: line ")]
    public void A_bad_labels_file_gives_one_line_naming_the_file_and_field(string text, string netns, string expected)
    {
        var (pod, errors) = PodLabelsFile.Parse(text, $"pods/{netns}.yaml", netns);

        Assert.Null(pod);
        var error = Assert.Single(errors);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }
}
