using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Server.Tests.Kubernetes;

/// <summary>
/// The status writer against the fake API server. The entity publishes its own
/// <see cref="CaptureStatusChanged"/> when the capture is created (no endpoints here, so nothing
/// after that); each test waits for that status to be written, then publishes its own statuses
/// through the mediator (built from a real GetCapture reply) and counts patches from there.
/// </summary>
public sealed class StatusWriterTests
{
    private static JsonObject Spec => new() { ["selector"] = "app == \"web\"" };

    private static CaptureStatusChanged Changed(CaptureView view, params string[] files) =>
        new(view with
        {
            Resource = view.Resource with
            {
                Status = new PacketCaptureStatus
                {
                    Files = [new PacketCaptureFiles { Node = "node-a", Directory = "/pcap", FileNames = [.. files], State = CaptureState.Capturing }],
                },
            },
        });

    [Fact]
    public async Task Status_reaches_the_resource_status_only_and_a_conflict_is_retried()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource());
        var created = member.Create("shop", "web", Spec);
        var view = member.WaitFor("shop", "web", _ => true, "the capture from its resource");
        var (mediator, before) = await SettledAsync(member);
        member.Api.FailNext("patch", 409, times: 2, pathContains: "/status");

        mediator.Tell(new Publish(CaptureTopics.All, Changed(view, "web-1_cali1.pcap")));
        Poll.Until(KubernetesMember.Throttled(() => FirstFile(member) == "web-1_cali1.pcap"), "the status in the resource", 60_000);

        var stored = member.Find("shop", "web")!;
        var files = stored["status"]!["files"]![0]!;
        Assert.Equal(("node-a", "web-1_cali1.pcap", "Capturing"),
            (files["node"]!.GetValue<string>(), files["fileNames"]![0]!.GetValue<string>(), files["state"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(created["spec"], stored["spec"]), "the spec is untouched");
        Assert.Equal(created["metadata"]!["generation"]!.ToJsonString(), stored["metadata"]!["generation"]!.ToJsonString());
        Assert.Equal(before + 3, member.Api.Count("patch", "/status"));
        Assert.Equal(0, member.Api.Count("update") + member.Api.Count("patch") - member.Api.Count("patch", "/status"));
    }

    [Fact]
    public async Task Burst_of_statuses_is_coalesced_and_the_latest_wins()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource(), statusInterval: "1s");
        member.Create("shop", "web", Spec);
        var view = member.WaitFor("shop", "web", _ => true, "the capture from its resource");
        var (mediator, before) = await SettledAsync(member);

        for (var i = 0; i < 20; i++)
        {
            mediator.Tell(new Publish(CaptureTopics.All, Changed(view, $"web-1_cali1.{i}.pcap")));
        }

        Poll.Until(KubernetesMember.Throttled(() => FirstFile(member) == "web-1_cali1.19.pcap"), "the last status in the resource", 60_000);

        // 20 statuses, at most 3 patches: one at once unless the creation's patch was within the
        // interval, the rest held for the interval and only the latest of them sent.
        Assert.InRange(member.Api.Count("patch", "/status") - before, 1, 3);
    }

    [Fact]
    public async Task Capture_made_through_the_api_gets_no_status_write()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource());
        var reply = await member.Server.Captures.SendAsync(new ApplyCapture(
            new PacketCaptureResource(new ObjectMeta { Name = "api-made", Namespace = "shop" }, new PacketCaptureSpec { Selector = "all()" }),
            new Requester("alice", RequestSource.Cli)), CancellationToken.None);
        var apiMade = Assert.IsType<CaptureSucceeded>(reply).View;
        member.Create("shop", "web", Spec);
        var owned = member.WaitFor("shop", "web", _ => true, "the capture from its resource");
        var (mediator, _) = await SettledAsync(member);
        var patchesBefore = member.StatusPatches.Count;

        mediator.Tell(new Publish(CaptureTopics.All, Changed(apiMade, "api.pcap")));
        mediator.Tell(new Publish(CaptureTopics.All, Changed(owned, "owned.pcap")));
        Poll.Until(() => member.StatusPatches.Count == patchesBefore + 1, "the owned capture's status patch", 60_000);

        // Both went through one writer in order: the first was skipped, not just slower.
        Assert.All(member.StatusPatches, key => Assert.Equal(new CaptureKey("shop", "web"), key));
        Assert.Equal(0, member.Api.Count("patch", "api-made"));
    }

    [Fact]
    public async Task Status_of_a_resource_that_is_gone_is_dropped_after_one_404()
    {
        await using var member = await KubernetesMember.StartAsync(new ChannelEndpointSource());
        member.Create("shop", "web", Spec);
        var view = member.WaitFor("shop", "web", _ => true, "the capture from its resource");
        var (mediator, before) = await SettledAsync(member);
        member.Api.FailNext("patch", 404, times: 1, pathContains: "/status");

        mediator.Tell(new Publish(CaptureTopics.All, Changed(view, "gone.pcap")));
        Poll.Until(() => member.Api.Count("patch", "/status") == before + 1, "the one status patch", 60_000);
        mediator.Tell(new Publish(CaptureTopics.All, Changed(view, "later.pcap")));
        Poll.Until(KubernetesMember.Throttled(() => FirstFile(member) == "later.pcap"), "a later status after the 404", 60_000);

        Assert.Equal(before + 2, member.Api.Count("patch", "/status"));
    }

    /// <summary>The mediator once the writer has subscribed, and the number of status patches once the
    /// entity's own creation status is in the resource (nothing else publishes for shop/web after it).</summary>
    private static async Task<(IActorRef Mediator, int Patches)> SettledAsync(KubernetesMember member)
    {
        var mediator = await SubscribedMediatorAsync(member);
        Poll.Until(KubernetesMember.Throttled(() => member.Find("shop", "web")?["status"] is not null), "the entity's own status in the resource", 60_000);
        return (mediator, member.Api.Count("patch", "/status"));
    }

    private static string? FirstFile(KubernetesMember member) =>
        member.Find("shop", "web")?["status"]?["files"] is JsonArray { Count: > 0 } files &&
        files[0]?["fileNames"] is JsonArray { Count: > 0 } names
            ? names[0]?.GetValue<string>()
            : null;

    /// <summary>The mediator, once the status writer has subscribed to <see cref="CaptureTopics.All"/>.</summary>
    private static async Task<IActorRef> SubscribedMediatorAsync(KubernetesMember member)
    {
        var mediator = DistributedPubSub.Get(member.System).Mediator;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await mediator.Ask<CurrentTopics>(GetTopics.Instance, TimeSpan.FromSeconds(10))).Topics.Contains(CaptureTopics.All))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out after 60 s waiting for the status writer to subscribe");
        }

        return mediator;
    }
}
