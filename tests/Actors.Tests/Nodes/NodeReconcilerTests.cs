using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Nodes;
using PacketCapture.Capture;
using Xunit;
using static PacketCapture.Actors.Tests.Nodes.NodeTestData;

namespace PacketCapture.Actors.Tests.Nodes;

public sealed class NodeReconcilerTests
{
    private static readonly WorkloadEndpoint Web1 = Endpoint("shop", "web-1", "cali1", ("app", "web"));
    private static readonly WorkloadEndpoint Db1 = Endpoint("shop", "db-1", "cali2", ("app", "db"));
    private static readonly WorkloadEndpoint OtherWeb = Endpoint("other", "web-9", "cali9", ("app", "web"));

    private static readonly Dictionary<string, DesiredCapture> NoPrevious = [];
    private static readonly Dictionary<EndpointCaptureId, RunningEndpointCapture> NothingRuns = [];

    private static Dictionary<string, PlannedCapture> Desired(params DesiredCapture[] captures) =>
        captures.ToDictionary(c => c.Key.EntityId, Planned);

    private static Dictionary<string, WorkloadEndpoint> Endpoints(params WorkloadEndpoint[] endpoints) =>
        endpoints.ToDictionary(e => e.Id);

    private static Dictionary<EndpointCaptureId, RunningEndpointCapture> Running(DesiredCapture capture, WorkloadEndpoint endpoint, long? generation = null) =>
        new() { [new EndpointCaptureId(capture.Key.EntityId, endpoint.Id)] = new RunningEndpointCapture(generation ?? capture.Generation, endpoint.Pod, endpoint.InterfaceName) };

    [Fact]
    public void Starts_only_matching_endpoints_of_the_capture_namespace()
    {
        var capture = CaptureOf("shop", "cap", "app == 'web'");

        var plan = NodeReconciler.Reconcile(NoPrevious, Desired(capture), Endpoints(Web1, Db1, OtherWeb), NothingRuns);

        var start = Assert.Single(plan.Start);
        Assert.Equal(new EndpointCaptureId("shop/cap", "shop/web-1/web-1"), start.Id);
        Assert.Equal(Web1, start.Endpoint);
        Assert.Empty(plan.Restart);
        Assert.Empty(plan.StopAndRemoveFiles);
    }

    [Fact]
    public void Does_nothing_when_what_runs_is_what_is_desired()
    {
        var capture = CaptureOf("shop", "cap", "app == 'web'");

        var plan = NodeReconciler.Reconcile(NoPrevious, Desired(capture), Endpoints(Web1, Db1), Running(capture, Web1));

        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void Stops_and_removes_files_of_a_deselected_or_vanished_endpoint()
    {
        var capture = CaptureOf("shop", "cap", "has(app)");
        var running = new Dictionary<EndpointCaptureId, RunningEndpointCapture>(Running(capture, Web1));
        foreach (var (id, run) in Running(capture, Db1))
        {
            running[id] = run;
        }

        var relabeled = Web1 with { Labels = Web1.Labels.Remove("app") };
        var plan = NodeReconciler.Reconcile(NoPrevious, Desired(capture), Endpoints(relabeled), running);

        Assert.Equal(
            [new EndpointCaptureId("shop/cap", "shop/db-1/db-1"), new EndpointCaptureId("shop/cap", "shop/web-1/web-1")],
            plan.StopAndRemoveFiles);
        Assert.Empty(plan.Start);
    }

    [Fact]
    public void Restarts_on_a_new_generation_or_a_new_interface()
    {
        var capture = CaptureOf("shop", "cap", "app == 'web'", generation: 2);

        var newGeneration = NodeReconciler.Reconcile(NoPrevious, Desired(capture), Endpoints(Web1), Running(capture, Web1, generation: 1));
        var newInterface = NodeReconciler.Reconcile(
            NoPrevious, Desired(capture), Endpoints(Web1 with { InterfaceName = "cali7" }), Running(capture, Web1));

        Assert.Equal(Web1, Assert.Single(newGeneration.Restart).Endpoint);
        Assert.Equal("cali7", Assert.Single(newInterface.Restart).Endpoint.InterfaceName);
        Assert.Empty(newGeneration.StopAndRemoveFiles);
        Assert.Empty(newInterface.Start);
    }

    [Fact]
    public void Reports_a_deletion_once()
    {
        var live = CaptureOf("shop", "cap", "app == 'web'");
        var deleted = live with { Deleted = true };

        var first = NodeReconciler.Reconcile(
            new Dictionary<string, DesiredCapture> { ["shop/cap"] = live }, Desired(deleted), Endpoints(Web1), Running(live, Web1));
        var again = NodeReconciler.Reconcile(
            new Dictionary<string, DesiredCapture> { ["shop/cap"] = deleted }, Desired(deleted), Endpoints(Web1), NothingRuns);

        Assert.Equal([live.Key], first.Deleted);
        Assert.Empty(first.StopAndRemoveFiles);
        Assert.Empty(first.Start);
        Assert.True(again.IsEmpty);
    }

    [Fact]
    public void Cleans_when_the_clean_epoch_grows_but_not_on_first_sight()
    {
        var before = CaptureOf("shop", "cap", "app == 'web'", cleanEpoch: 1);
        var after = before with { CleanEpoch = 2 };

        var grown = NodeReconciler.Reconcile(
            new Dictionary<string, DesiredCapture> { ["shop/cap"] = before }, Desired(after), Endpoints(Web1), Running(after, Web1));
        var firstSight = NodeReconciler.Reconcile(NoPrevious, Desired(after), Endpoints(Web1), Running(after, Web1));

        Assert.Equal([after.Key], grown.Cleaned);
        Assert.Empty(grown.Restart);
        Assert.Empty(firstSight.Cleaned);
    }

    [Fact]
    public void Stops_without_removing_files_when_a_capture_vanishes_from_the_desired_map()
    {
        var capture = CaptureOf("shop", "cap", "app == 'web'");

        var plan = NodeReconciler.Reconcile(NoPrevious, new Dictionary<string, PlannedCapture>(), Endpoints(Web1), Running(capture, Web1));

        Assert.Equal([new EndpointCaptureId("shop/cap", "shop/web-1/web-1")], plan.Stop);
        Assert.Empty(plan.StopAndRemoveFiles);
        Assert.Empty(plan.Deleted);
    }

    [Fact]
    public void A_capture_without_a_plan_selects_nothing()
    {
        var capture = CaptureOf("shop", "cap", "app == 'web'");
        var desired = new Dictionary<string, PlannedCapture> { ["shop/cap"] = new(capture, null) };

        var plan = NodeReconciler.Reconcile(NoPrevious, desired, Endpoints(Web1), NothingRuns);

        Assert.True(plan.IsEmpty);
    }

    [Theory]
    [InlineData("web-1_cali1.pcap", true)]
    [InlineData("web-1_cali1-1700000000000000.pcap", true)]
    [InlineData("web-1_cali12.pcap", false)]
    [InlineData("web-10_cali1.pcap", false)]
    [InlineData("web-1_cali1-17x.pcap", false)]
    [InlineData("web-1_cali1-.pcap", false)]
    [InlineData("web-1_cali1.pcap.tmp", false)]
    [InlineData("web-2_cali1.pcap", false)]
    public void Matches_only_the_files_of_one_pod_and_interface(string fileName, bool expected) =>
        Assert.Equal(expected, PcapFileNames.IsFileOf(fileName, "web-1", "cali1"));

    [Fact]
    public void A_scoped_reconcile_evaluates_only_pairs_with_a_changed_side()
    {
        var web = CaptureOf("shop", "web", "app == 'web'");
        var db = CaptureOf("shop", "db", "app == 'db'");
        var desired = Desired(web, db);
        var endpoints = Endpoints(Web1, Db1);

        // Only the db capture changed: web's missing session is not this change's business.
        var dbOnly = NodeReconciler.Reconcile(NoPrevious, desired, endpoints, NothingRuns,
            new ReconcileScope(new HashSet<string> { "shop/db" }, new HashSet<string>()));
        Assert.Equal([new EndpointCaptureId("shop/db", "shop/db-1/db-1")], dbOnly.Start.Select(s => s.Id));

        // Only endpoint web-1 changed: every capture is evaluated against it, and only it.
        var web1Only = NodeReconciler.Reconcile(NoPrevious, desired, endpoints, NothingRuns,
            new ReconcileScope(new HashSet<string>(), new HashSet<string> { Web1.Id }));
        Assert.Equal([new EndpointCaptureId("shop/web", "shop/web-1/web-1")], web1Only.Start.Select(s => s.Id));

        // The same change seen whole gives the union.
        var everything = NodeReconciler.Reconcile(NoPrevious, desired, endpoints, NothingRuns);
        Assert.Equal(2, everything.Start.Count);
    }
}
