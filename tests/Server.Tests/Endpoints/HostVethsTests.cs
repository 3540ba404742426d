using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

/// <summary>
/// Samples captured on this machine (Samples/): netns epsample (veth epsampleh, nsid 0),
/// epsample2 (veth epsample2h, nsid 1), epsample3 (no veth, so no nsid), and a veth pair
/// eprooth/eprootp with both ends in the root namespace.
/// </summary>
public sealed class HostVethsTests
{
    [Fact]
    public void Each_named_netns_maps_to_the_host_end_of_its_veth()
    {
        var veths = HostVeths.ByNamespace(TestFiles.Sample("ip-link-veth.json"), TestFiles.Sample("ip-netns-list.json"));

        Assert.Equal(
            new Dictionary<string, string> { ["epsample"] = "epsampleh", ["epsample2"] = "epsample2h" },
            veths.OrderBy(v => v.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public void A_veth_into_a_netns_without_a_name_is_not_a_pod()
    {
        // Seen while a netns is being deleted: the host end still points at an nsid that has no name any more.
        const string links = """[{"ifindex":1344,"ifname":"epsample2h","link_netnsid":1}]""";

        Assert.Empty(HostVeths.ByNamespace(links, "[]"));
    }

    [Fact]
    public void A_netns_with_two_veths_to_the_host_always_gets_the_same_one()
    {
        const string links = """[{"ifname":"vz","link_netnsid":3},{"ifname":"va","link_netnsid":3}]""";
        const string names = """[{"name":"pod1","id":3}]""";

        Assert.Equal("va", HostVeths.ByNamespace(links, names)["pod1"]);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("[]", "[]")]
    public void No_output_means_no_pods(string links, string names) =>
        Assert.Empty(HostVeths.ByNamespace(links, names));

    [Theory]
    [InlineData("not json", "[]")]
    [InlineData("[]", "{\"name\":\"x\"}")]
    public void Output_that_is_not_ip_json_is_an_error(string links, string names) =>
        Assert.Throws<FormatException>(() => HostVeths.ByNamespace(links, names));
}
