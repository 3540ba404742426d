using Microsoft.Extensions.Logging;
using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

/// <summary>Discovery on real network namespaces and veth pairs made by <see cref="VethNetwork"/>.</summary>
public sealed class NetnsEndpointSourceTests : IDisposable
{
    private readonly VethNetwork _network = new();
    private readonly DirectoryInfo _pods = Directory.CreateTempSubdirectory("pct-pods-");
    private readonly LogRecorder _log = new();

    private NetnsEndpointSource Source() => new(_pods.FullName, _log.Logger, TimeSpan.FromMilliseconds(200));

    private string LabelsFile(VethLink link) => Path.Combine(_pods.FullName, link.Namespace + ".yaml");

    public void Dispose()
    {
        _network.Dispose();
        _pods.Delete(recursive: true);
    }

    [Fact]
    public async Task A_labelled_netns_is_a_pod_on_the_host_end_of_its_veth()
    {
        var link = _network.CreateLink();
        await using var stream = new ChangeStream(Source());

        TestFiles.WriteAtomically(LabelsFile(link), "namespace: team-a\npod: web-1\nlabels: {app: web}\n");

        var endpoint = await stream.NextUpsertAsync();
        Assert.Equal(("team-a/web-1/eth0", "team-a", "web-1"), (endpoint.Id, endpoint.Namespace, endpoint.Pod));
        Assert.Equal(link.HostInterface, endpoint.InterfaceName);
        Assert.Equal("web", endpoint.Labels["app"]);
    }

    [Fact]
    public async Task A_netns_without_a_labels_file_is_never_reported()
    {
        var labelled = _network.CreateLink();
        var unlabelled = _network.CreateLink();
        TestFiles.WriteAtomically(LabelsFile(labelled), "labels: {app: web}\n");
        await using var stream = new ChangeStream(Source());

        var first = await stream.NextUpsertAsync();
        Assert.Equal($"default/{labelled.Namespace}/eth0", first.Id);

        // The next change is the relabel: nothing about the unlabelled netns came in between.
        TestFiles.WriteAtomically(LabelsFile(labelled), "labels: {app: api}\n");
        var next = await stream.NextUpsertAsync();
        Assert.Equal(($"default/{labelled.Namespace}/eth0", "api"), (next.Id, next.Labels["app"]));
        Assert.DoesNotContain(stream.View.Values, e => e.InterfaceName == unlabelled.HostInterface);
    }

    [Fact]
    public async Task Changed_labels_are_an_upsert_and_a_removed_labels_file_a_remove()
    {
        var link = _network.CreateLink();
        TestFiles.WriteAtomically(LabelsFile(link), "namespace: team-a\npod: web-1\nlabels: {app: web}\n");
        await using var stream = new ChangeStream(Source());
        await stream.NextUpsertAsync();

        TestFiles.WriteAtomically(LabelsFile(link), "namespace: team-a\npod: web-1\nlabels: {app: web, version: v2}\n");
        var relabelled = await stream.NextUpsertAsync();
        Assert.Equal("v2", relabelled.Labels["version"]);

        File.Delete(LabelsFile(link));
        Assert.Equal("team-a/web-1/eth0", await stream.NextRemoveAsync());
    }

    [Fact]
    public async Task Deleting_the_host_veth_removes_the_pod_and_a_veth_added_later_brings_it_back()
    {
        var gone = _network.CreateLink();
        TestFiles.WriteAtomically(LabelsFile(gone), "pod: web-1\n");
        await using var stream = new ChangeStream(Source());
        await stream.NextUpsertAsync();

        VethNetwork.DeleteHostInterface(gone);
        Assert.Equal("default/web-1/eth0", await stream.NextRemoveAsync());

        // The pod's veth comes back (a restarted pod): found by the periodic rescan, no file changed.
        Shell.Run("ip", "link", "add", gone.HostInterface, "type", "veth", "peer", "name", gone.PodInterface);
        Shell.Run("ip", "link", "set", gone.PodInterface, "netns", gone.Namespace);
        var back = await stream.NextUpsertAsync();
        Assert.Equal(("default/web-1/eth0", gone.HostInterface), (back.Id, back.InterfaceName));
    }

    [Fact]
    public async Task A_bad_labels_file_keeps_the_pod_as_it_was()
    {
        var link = _network.CreateLink();
        TestFiles.WriteAtomically(LabelsFile(link), "pod: web-1\nlabels: {app: web}\n");
        await using var stream = new ChangeStream(Source());
        await stream.NextUpsertAsync();

        TestFiles.WriteAtomically(LabelsFile(link), "pod: web-1\nlables: {app: web}\n");
        Poll.Until(() => _log.Has(LogLevel.Warning, "lables: unknown field"), "the typo to be reported");

        TestFiles.WriteAtomically(LabelsFile(link), "pod: web-1\nlabels: {app: api}\n");
        var next = await stream.NextUpsertAsync();
        Assert.Equal(("default/web-1/eth0", "api"), (next.Id, next.Labels["app"]));
    }
}
