using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// Answers <see cref="ListCaptures"/> on one member from the desired captures every entity
/// publishes (the <see cref="DesiredCaptures"/> buckets, read from this member's replica). One per
/// capture member at <see cref="Path"/>, registered with the DistributedPubSub mediator so a
/// client reaches any member's directory with <c>mediator.Tell(new Send(Path, list, false))</c>.
/// </summary>
public sealed class CaptureDirectory : ReceiveActor
{
    /// <summary>The actor's name under <c>/user</c>.</summary>
    public const string Name = "capture-directory";

    /// <summary>The path clients name in a mediator <c>Send</c>.</summary>
    public const string Path = "/user/" + Name;

    private readonly IActorRef _replicator;
    private readonly IActorRef? _mediator;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the directory.</summary>
    /// <param name="replicator">This member's DistributedData replicator.</param>
    /// <param name="mediator">The DistributedPubSub mediator to register with; null registers nowhere (tests).</param>
    /// <param name="timeout">How long reading the local replica may take (it is in memory: milliseconds).</param>
    public CaptureDirectory(IActorRef replicator, IActorRef? mediator, TimeSpan timeout)
    {
        _replicator = replicator;
        _mediator = mediator;
        _timeout = timeout;
        Receive<ListCaptures>(List);
    }

    /// <summary>Props for the directory.</summary>
    /// <param name="replicator">This member's DistributedData replicator.</param>
    /// <param name="mediator">The DistributedPubSub mediator to register with; null registers nowhere.</param>
    public static Props Props(IActorRef replicator, IActorRef? mediator) =>
        Akka.Actor.Props.Create(() => new CaptureDirectory(replicator, mediator, TimeSpan.FromSeconds(5)));

    /// <inheritdoc />
    protected override void PreStart() => _mediator?.Tell(new Put(Self));

    private void List(ListCaptures query)
    {
        var replyTo = Sender;
        var self = Self;

        // Read locally, each bucket in parallel, off the mailbox; the answer goes straight to the
        // asker. The only failure, the local replicator not answering in time, fails the asker's Ask.
        Task.WhenAll(DesiredCaptures.AllKeys.Select(key =>
                _replicator.Ask<IGetResponse>(Dsl.Get(key, ReadLocal.Instance), _timeout)))
            .PipeTo(
                replyTo,
                self,
                responses => new CaptureList(DesiredCaptures.List(responses.Zip(DesiredCaptures.AllKeys, EntriesOf).SelectMany(e => e), query.Namespace)),
                failure => new Status.Failure(failure));
    }

    /// <summary>A bucket's desired captures; none when the bucket was never written (NotFound).</summary>
    private static IEnumerable<DesiredCapture> EntriesOf(IGetResponse response, LWWDictionaryKey<string, DesiredCapture> key) =>
        response is GetSuccess success ? success.Get(key).Entries.Values : [];
}
