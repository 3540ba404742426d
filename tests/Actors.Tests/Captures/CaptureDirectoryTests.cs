using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.DistributedData;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary><see cref="CaptureDirectory"/> over a real replicator and mediator on a one-member cluster.</summary>
public sealed class CaptureDirectoryTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Requester Reader = new("reporting-app", RequestSource.Client);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly IActorRef _replicator;
    private readonly IActorRef _mediator;
    private readonly IActorRef _directory;

    public CaptureDirectoryTests()
        : base(ConfigurationFactory.ParseString("""
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            akka.remote.dot-netty.tcp.port = 0
            akka.loglevel = WARNING
            """).WithFallback(PacketCaptureConfig.Defaults), "directory")
    {
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.SelfMember.Status == MemberStatus.Up, Deadline);
        _replicator = DistributedData.Get(Sys).Replicator;
        _mediator = DistributedPubSub.Get(Sys).Mediator;
        _directory = Sys.ActorOf(CaptureDirectory.Props(_replicator, _mediator), CaptureDirectory.Name);
    }

    [Fact]
    public void Lists_nothing_before_any_capture_is_published()
    {
        _directory.Tell(new ListCaptures(null, Reader));

        Assert.Empty(ExpectMsg<CaptureList>(Deadline).Keys);
    }

    [Fact]
    public void Lists_live_captures_of_every_bucket_sorted_and_filtered_by_namespace()
    {
        // Keys in different buckets, published out of order; one deleted.
        Publish(new CaptureKey("shop", "other"));
        Publish(new CaptureKey("default", "b"));
        Publish(new CaptureKey("shop", "cap"));
        Publish(new CaptureKey("default", "a"));
        Publish(new CaptureKey("shop", "cap-2"), deleted: true);
        Assert.True(new[] { "shop/other", "default/b", "shop/cap", "default/a" }.Select(DesiredCaptures.BucketOf).Distinct().Count() > 1);

        _directory.Tell(new ListCaptures(null, Reader));
        Assert.Equal<CaptureKey>(
            [new("default", "a"), new("default", "b"), new("shop", "cap"), new("shop", "other")],
            ExpectMsg<CaptureList>(Deadline).Keys);

        _directory.Tell(new ListCaptures("shop", Reader));
        Assert.Equal<CaptureKey>([new("shop", "cap"), new("shop", "other")], ExpectMsg<CaptureList>(Deadline).Keys);

        _directory.Tell(new ListCaptures("nowhere", Reader));
        Assert.Empty(ExpectMsg<CaptureList>(Deadline).Keys);
    }

    [Fact]
    public void Answers_a_client_that_names_its_path_through_the_mediator()
    {
        Publish(new CaptureKey("shop", "cap"));

        // What a client member does: Send to the path; the mediator finds the registered directory.
        AwaitAssert(() =>
        {
            _mediator.Tell(new Send(CaptureDirectory.Path, new ListCaptures(null, Reader), localAffinity: false));
            Assert.Equal<CaptureKey>([new CaptureKey("shop", "cap")], ExpectMsg<CaptureList>(TimeSpan.FromSeconds(2)).Keys);
        }, Deadline);
    }

    [Fact]
    public void The_listing_rule_drops_deleted_captures_and_sorts_ordinally()
    {
        var resource = ResourceReader.ReadSingle("""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata: {name: x, namespace: n}
            spec: {}
            """).Resource!;
        DesiredCapture Desired(string ns, string name, bool deleted = false) => new(new CaptureKey(ns, name), resource, 1, deleted, 0);

        var keys = DesiredCaptures.List(
            [Desired("b", "Z"), Desired("b", "a"), Desired("B", "z"), Desired("a", "gone", deleted: true), Desired("a", "x")], null);

        Assert.Equal<CaptureKey>([new("B", "z"), new("a", "x"), new("b", "Z"), new("b", "a")], keys);
    }

    private void Publish(CaptureKey key, bool deleted = false)
    {
        var resource = ResourceReader.ReadSingle($$"""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata: {name: {{key.Name}}, namespace: {{key.Namespace}}}
            spec: {}
            """).Resource!;
        var self = Cluster.Get(Sys).SelfUniqueAddress;
        _replicator.Tell(Dsl.Update(
            DesiredCaptures.KeyFor(key),
            LWWDictionary<string, DesiredCapture>.Empty,
            WriteLocal.Instance,
            map => map.SetItem(self, key.EntityId, new DesiredCapture(key, resource, 1, deleted, 0))));
        ExpectMsg<UpdateSuccess>(Deadline);
    }
}
