using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.ActorClient;

/// <summary>
/// One capture driven by messages alone, each step printed as one line: subscribe to its status,
/// apply it, follow it to Finished, list, get its files, clean them, delete it.
/// </summary>
internal sealed class CaptureWalkthrough(ActorSystem system, IActorRef region, ClientOptions options, TextWriter output)
{
    // Each command answers within this (the members' HTTP API waits as long).
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    // Until the first notification arrives the subscription may not have reached the member that
    // publishes (pub-sub gossip): look at the capture this often meanwhile.
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromSeconds(1);

    private readonly Requester _by = new(options.User, RequestSource.Client);
    private CaptureState? _lastState;
    private bool _settled;

    public async Task<int> RunAsync(PacketCaptureResource resource)
    {
        var key = CaptureKey.Of(resource);
        var mediator = DistributedPubSub.Get(system).Mediator;

        // 1. Subscribe before the first command, so no change after it is missed for longer than
        //    the catch-up interval.
        var views = Channel.CreateUnbounded<CaptureView>();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = system.ActorOf(StatusWatcher.Props(mediator, CaptureTopics.Of(key), views.Writer, subscribed), "status-watcher");
        await subscribed.Task.WaitAsync(CommandTimeout).ConfigureAwait(false);
        output.WriteLine($"subscribed {CaptureTopics.Of(key)}");

        // 2. Apply (with --end-in, ending that long from now): the reply is the capture right after
        //    the change, the first state we know.
        if (options.EndIn is { } endIn)
        {
            resource = resource with { Spec = resource.Spec with { EndTime = DateTimeOffset.UtcNow + endIn } };
        }

        var applied = Succeeded(await AskAsync(new ApplyCapture(resource, _by)).ConfigureAwait(false), "apply");
        output.WriteLine($"applied {key} generation {applied.Resource.Metadata.Generation}");
        Observe(applied, "reply");

        // 3. Follow notifications to the end of the capture: Finished as a whole (its end time),
        //    and every node has stopped and reported its last files.
        await FollowAsync(key, views.Reader).ConfigureAwait(false);
        system.Stop(watcher);
        if (_lastState == CaptureState.Error)
        {
            throw new ClientException($"capture {key} ended in Error; left in place for inspection", ExitCodes.CaptureFailed);
        }

        // 4. List through any member's capture directory (the mediator picks one).
        var list = await mediator.Ask<CaptureList>(
            new Send(CaptureDirectory.Path, new ListCaptures(key.Namespace, _by), localAffinity: false), CommandTimeout).ConfigureAwait(false);
        foreach (var listed in list.Keys)
        {
            output.WriteLine($"listed {listed}");
        }

        // 5. Get: where each node wrote its files.
        var view = Succeeded(await AskAsync(new GetCapture(key, _by)).ConfigureAwait(false), "get");
        foreach (var node in view.Resource.Status?.Files ?? [])
        {
            output.WriteLine($"files {node.Node} {node.Directory} {string.Join(' ', node.FileNames)}");
        }

        if (options.ConfirmClean)
        {
            output.WriteLine("press Enter to clean the files and delete the capture");
            await Console.In.ReadLineAsync().ConfigureAwait(false);
        }

        // 6. Clean the files (every node is Finished now), then delete the capture.
        Succeeded(await AskAsync(new CleanCaptureFiles(key, _by)).ConfigureAwait(false), "clean");
        output.WriteLine($"cleaned {key}");
        var deleted = Succeeded(await AskAsync(new DeleteCapture(key, _by)).ConfigureAwait(false), "delete");
        output.WriteLine(deleted.Deleted ? $"deleted {key}" : $"delete of {key} did not take");

        // This process only ever proxies: it hosts no shard of captures.
        var hosted = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, CommandTimeout).ConfigureAwait(false);
        output.WriteLine($"hosted shards {hosted.Shards.Count}");
        return ExitCodes.Done;
    }

    private async Task FollowAsync(CaptureKey key, ChannelReader<CaptureView> views)
    {
        var deadline = DateTimeOffset.UtcNow + options.Timeout;
        var live = false;
        while (!_settled)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new ClientException(
                    $"capture {key} has not settled ({_lastState}) after {options.Timeout.TotalSeconds:0}s", ExitCodes.CaptureFailed);
            }

            using var wait = new CancellationTokenSource(CatchUpInterval);
            try
            {
                var view = await views.ReadAsync(wait.Token).ConfigureAwait(false);
                if (!live)
                {
                    live = true;
                    output.WriteLine("subscription live");
                }

                Observe(view, "notified");
            }
            catch (OperationCanceledException) when (!live)
            {
                Observe(Succeeded(await AskAsync(new GetCapture(key, _by)).ConfigureAwait(false), "get"), "polled");
            }
            catch (OperationCanceledException)
            {
                // Live and quiet: a capture waits for traffic or for its end time.
            }
        }
    }

    /// <summary>Prints the capture's state when it differs from the last one seen, and where it was
    /// seen; notes when the capture has settled (Error, or Finished on every node).</summary>
    private void Observe(CaptureView view, string source)
    {
        if (view.Deleted)
        {
            return;
        }

        if (view.State != _lastState)
        {
            _lastState = view.State;
            output.WriteLine($"state {view.State} ({source})");
        }

        var nodesDone = view.Nodes.All(n => n.State is CaptureState.Finished or CaptureState.Error);
        if (!_settled && (view.State == CaptureState.Error || (view.State == CaptureState.Finished && nodesDone)))
        {
            _settled = true;
            output.WriteLine($"settled on {view.Nodes.Length} node(s)");
        }
    }

    private async Task<CaptureReply> AskAsync(ICaptureCommand command)
    {
        try
        {
            return await region.Ask<CaptureReply>(command, CommandTimeout).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new ClientException($"{command.Key}: no answer within {CommandTimeout.TotalSeconds:0}s", ExitCodes.Unavailable);
        }
    }

    private static CaptureView Succeeded(CaptureReply reply, string what) =>
        reply switch
        {
            CaptureSucceeded ok => ok.View,
            CaptureRejected no => throw new ClientException($"{what} {no.Key}: {no.Reason}: {no.Message}", ExitCodes.CaptureFailed),
            _ => throw new ClientException($"{what} {reply.Key}: unexpected reply {reply.GetType().Name}", ExitCodes.CaptureFailed),
        };
}
