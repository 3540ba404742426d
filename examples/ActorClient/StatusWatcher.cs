using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using PacketCapture.Actors.Captures;

namespace PacketCapture.ActorClient;

/// <summary>
/// Subscribes to one capture's topic and hands every <see cref="CaptureStatusChanged"/> to the
/// program. <c>SubscribeAck</c> completes <paramref name="subscribed"/>: from then on this
/// client's mediator delivers the topic here (see docs/ACTOR-API.md on when members learn of it).
/// </summary>
internal sealed class StatusWatcher : ReceiveActor
{
    private readonly IActorRef _mediator;
    private readonly string _topic;

    public StatusWatcher(IActorRef mediator, string topic, ChannelWriter<CaptureView> views, TaskCompletionSource subscribed)
    {
        _mediator = mediator;
        _topic = topic;
        Receive<SubscribeAck>(_ => subscribed.TrySetResult());
        Receive<CaptureStatusChanged>(changed => views.TryWrite(changed.View));
    }

    public static Props Props(IActorRef mediator, string topic, ChannelWriter<CaptureView> views, TaskCompletionSource subscribed) =>
        Akka.Actor.Props.Create(() => new StatusWatcher(mediator, topic, views, subscribed));

    protected override void PreStart() => _mediator.Tell(new Subscribe(_topic, Self));

    protected override void PostStop() => _mediator.Tell(new Unsubscribe(_topic, Self));
}
