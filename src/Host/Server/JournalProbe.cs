using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using PacketCapture.Actors;

namespace PacketCapture.Host.Server;

/// <summary>Asks the journal plugin itself (whatever database it is on) for the highest sequence number
/// of a stream that never has events: a read that touches the database and writes nothing.</summary>
internal sealed class JournalProbe(ActorSystem system)
{
    private const string ProbeStream = "packetcapture-readiness-probe";

    /// <summary>The last answer's round trip, for <c>/metrics</c>; null before the first.</summary>
    public TimeSpan? LastLatency { get; private set; }

    /// <summary>Probes once; a failure or no answer within <paramref name="timeout"/> is a result, not an exception.</summary>
    public async Task<JournalProbeResult> ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        IActorRef journal;
        try
        {
            journal = Persistence.Instance.Apply(system).JournalFor(null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new JournalProbeResult(false, null, $"journal plugin did not start: {e.Message}");
        }

        var answer = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var probe = system.ActorOf(ActorFactory.Props(() => new JournalProbeActor(journal, ProbeStream, answer)));
        try
        {
            var failure = await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            var latency = clock.Elapsed;
            LastLatency = latency;
            return failure is null
                ? new JournalProbeResult(true, latency, null)
                : new JournalProbeResult(false, latency, $"journal failed: {failure.Message.Split('\n', 2)[0].Trim()}");
        }
        catch (TimeoutException)
        {
            probe.Tell(PoisonPill.Instance);
            return new JournalProbeResult(false, null, $"journal did not answer within {timeout.TotalSeconds:0.#}s");
        }
    }

    private sealed class JournalProbeActor : ReceiveActor
    {
        private readonly IActorRef _journal;
        private readonly string _stream;

        public JournalProbeActor(IActorRef journal, string stream, TaskCompletionSource<Exception?> answer)
        {
            _journal = journal;
            _stream = stream;
            Receive<RecoverySuccess>(_ =>
            {
                answer.TrySetResult(null);
                Context.Stop(Self);
            });
            Receive<ReplayMessagesFailure>(f =>
            {
                answer.TrySetResult(f.Cause);
                Context.Stop(Self);
            });
        }

        protected override void PreStart() =>
            // max 0: the journal reads the highest sequence number and replays nothing.
            _journal.Tell(new ReplayMessages(0, 0, 0, _stream, Self));
    }
}

/// <summary>One journal probe.</summary>
/// <param name="Ok">The journal answered without error.</param>
/// <param name="Latency">The round trip, when it answered.</param>
/// <param name="Problem">Why not ready, in one line; null when <paramref name="Ok"/>.</param>
internal sealed record JournalProbeResult(bool Ok, TimeSpan? Latency, string? Problem);
