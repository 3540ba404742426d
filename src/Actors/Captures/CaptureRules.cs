using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// The rules of a capture: <see cref="Decide"/> turns a command into events (or a rejection)
/// given the state and the current time; <see cref="Apply"/> folds an event into the state.
/// Pure: no Akka types, no clock reads, so the entity, audit replay and tests agree by construction.
/// </summary>
public static class CaptureRules
{
    /// <summary>Decides what <paramref name="command"/> means in <paramref name="state"/> at <paramref name="now"/>.</summary>
    /// <remarks>Every event returned can be applied, in order, to <paramref name="state"/>; a rejection has no events.</remarks>
    /// <exception cref="ArgumentException">A command type the rules do not know: a bug.</exception>
    public static Decision Decide(CaptureAggregate state, ICaptureCommand command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);

        // A resource that does not validate is refused first, whatever it names: its name may be the problem.
        if (command is ApplyCapture { Resource: var resource } && Invalid(state, resource) is { } invalid)
        {
            return invalid;
        }

        if (command.Key != state.Key)
        {
            // Sharding routes by key, so this is a wiring bug; refusing keeps the wrong stream clean.
            return Decision.Reject(state.Key, RejectionReason.Invalid,
                $"command for packetcapture {command.Key} reached the entity of {state.Key}");
        }

        return command switch
        {
            ApplyCapture apply => DecideApply(state, apply, now),
            DeleteCapture delete => state.Exists
                ? Decision.Accept(new CaptureDeleted(state.Key, now, delete.By))
                : NotFound(state),
            CleanCaptureFiles clean => DecideClean(state, clean, now),
            ReportNodeStatus report => DecideNodeStatus(state, report, now),
            ReportFileRotated rotated => DecideRotation(state, rotated, now),
            ReachScheduleBoundary boundary => DecideBoundary(state, boundary, now),
            ReportNodeLost lost => NodeDepartures.Decide(state, lost, now),
            GetCapture => state.Exists ? Decision.Unchanged : NotFound(state),
            _ => throw new ArgumentException($"no rule for command {command.GetType().Name}", nameof(command)),
        };
    }

    internal static CaptureAggregate Apply(CaptureAggregate state, ICaptureEvent @event) => CaptureEvolution.Apply(state, @event);

    internal static CaptureView View(CaptureAggregate state) => CaptureViewBuilder.Build(state);

    internal static (ScheduleBoundary Boundary, DateTimeOffset At)? PendingBoundary(CaptureAggregate state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Exists || state.Resource is null)
        {
            return null;
        }

        var spec = state.Resource.Spec;
        return state.Phase switch
        {
            // Decide never leaves a capture Scheduled without a start time, so a missing one means no timer.
            CapturePhase.Scheduled when spec.StartTime is { } start => (ScheduleBoundary.Start, start),
            CapturePhase.Running when spec.EndTime is { } end => (ScheduleBoundary.End, end),
            _ => null,
        };
    }

    internal static CaptureAggregate WithLiveCounters(CaptureAggregate state, NodeStatus status)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(status);
        if (!state.Exists || !state.Nodes.TryGetValue(status.Node, out var known) || !known.SameApartFromCounters(status))
        {
            return state;
        }

        return state with { Nodes = state.Nodes.SetItem(status.Node, status) };
    }

    private static Decision DecideApply(CaptureAggregate state, ApplyCapture command, DateTimeOffset now)
    {
        var incoming = command.Resource;
        var exists = state.Exists && state.Resource is not null;
        if (command.Mode == ApplyMode.CreateOnly && exists)
        {
            return Decision.Reject(state.Key, RejectionReason.AlreadyExists, $"packetcapture {state.Key} already exists");
        }

        if (command.Mode == ApplyMode.UpdateOnly && !exists)
        {
            return NotFound(state);
        }

        if (!exists)
        {
            var generation = state.Generation + 1;
            var created = Stored(incoming, generation, incoming.Metadata.CreationTimestamp ?? now, incoming.Metadata.Uid);
            var events = new List<ICaptureEvent>
            {
                new CaptureCreated(state.Key, created, generation, state.Incarnation + 1, now, command.By),
            };
            AddWindowEvents(events, state.Key, created.Spec, generation, now, command.By);
            return Decision.Accept([.. events]);
        }

        var current = state.Resource!;
        var specChanged = !incoming.Spec.Equals(current.Spec);
        var metadataChanged = !incoming.Metadata.Labels.SequenceEqual(current.Metadata.Labels) ||
                              !incoming.Metadata.Annotations.SequenceEqual(current.Metadata.Annotations);
        if (!specChanged && !metadataChanged)
        {
            return Decision.Unchanged;
        }

        // Kubernetes semantics: the generation counts spec changes only, and nodes restart only when it grows.
        var nextGeneration = specChanged ? state.Generation + 1 : state.Generation;
        var changed = Stored(incoming, nextGeneration,
            incoming.Metadata.CreationTimestamp ?? current.Metadata.CreationTimestamp ?? now,
            incoming.Metadata.Uid ?? current.Metadata.Uid);
        var result = new List<ICaptureEvent> { new CaptureSpecChanged(state.Key, changed, nextGeneration, now, command.By) };
        if (specChanged)
        {
            // A new generation puts the phase back to Scheduled; the new times decide it again as at creation.
            AddWindowEvents(result, state.Key, changed.Spec, nextGeneration, now, command.By);
        }

        return Decision.Accept([.. result]);
    }

    private static Decision? Invalid(CaptureAggregate state, PacketCaptureResource resource)
    {
        var errors = PacketCaptureValidator.Validate(resource).ToList();
        if (errors.Count == 0)
        {
            return null;
        }

        var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : "";
        return Decision.Reject(state.Key, RejectionReason.Invalid, $"{errors[0]}{more}");
    }

    /// <summary>The resource as events keep it: no status, our generation, a creation time.</summary>
    private static PacketCaptureResource Stored(PacketCaptureResource resource, long generation, DateTimeOffset created, string? uid) =>
        resource with
        {
            Status = null,
            Metadata = resource.Metadata with { Generation = generation, CreationTimestamp = created, Uid = uid },
        };

    /// <summary>The phase events for a freshly Scheduled window: ended, started, or nothing (still Scheduled).</summary>
    private static void AddWindowEvents(
        List<ICaptureEvent> events, CaptureKey key, PacketCaptureSpec spec, long generation, DateTimeOffset now, Requester by)
    {
        if (spec.EndTime is { } end && end <= now)
        {
            // Nothing is opened for a window that has already closed.
            events.Add(new CaptureEnded(key, generation, now, by));
        }
        else if (spec.StartTime is null || spec.StartTime <= now)
        {
            events.Add(new CaptureStarted(key, generation, now, by));
        }
    }

    private static Decision DecideClean(CaptureAggregate state, CleanCaptureFiles command, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return NotFound(state);
        }

        foreach (var (node, status) in state.Nodes)
        {
            if (status.State != CaptureState.Finished)
            {
                return Decision.Reject(state.Key, RejectionReason.Forbidden,
                    $"files of {state.Key} can be cleaned only when every node is Finished; node {node} is {status.State}");
            }
        }

        // Recorded even when no node has files: the request belongs in the audit trail.
        return Decision.Accept(new CaptureFilesCleaned(state.Key, state.CleanEpoch + 1, now, command.By));
    }

    private static Decision DecideNodeStatus(CaptureAggregate state, ReportNodeStatus command, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return NotFound(state);
        }

        if (GenerationProblem(state, command.Status.Node, command.Status.Generation) is { } problem)
        {
            return problem;
        }

        if (state.Nodes.TryGetValue(command.Status.Node, out var known) && known.SameApartFromCounters(command.Status))
        {
            // Counters move with every packet; persisting them would flood the journal.
            return Decision.Unchanged;
        }

        return Decision.Accept(new NodeStateReported(state.Key, command.Status, now, command.By));
    }

    private static Decision DecideRotation(CaptureAggregate state, ReportFileRotated command, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return NotFound(state);
        }

        return GenerationProblem(state, command.Rotation.Node, command.Rotation.Generation) ??
               Decision.Accept(new CaptureFileRotated(state.Key, command.Rotation, now, command.By));
    }

    /// <summary>A node acting on another generation than the capture's: an old spec (stale), or one the
    /// capture never had (a journal that lost events); either way its word must not overwrite the status.</summary>
    private static Decision? GenerationProblem(CaptureAggregate state, string node, long generation)
    {
        if (generation < state.Generation)
        {
            return Decision.Reject(state.Key, RejectionReason.Conflict,
                $"stale report from node {node} for {state.Key}: generation {generation}, the capture is at generation {state.Generation}");
        }

        if (generation > state.Generation)
        {
            return Decision.Reject(state.Key, RejectionReason.Conflict,
                $"report from node {node} for {state.Key} names generation {generation}, the capture is only at generation {state.Generation}");
        }

        return null;
    }

    private static Decision DecideBoundary(CaptureAggregate state, ReachScheduleBoundary command, DateTimeOffset now)
    {
        // A timer that fires early, late or for a window already handled is answered with Unchanged:
        // the entity re-arms from PendingBoundary, so nothing is lost.
        if (!state.Exists || state.Resource is null)
        {
            return Decision.Unchanged;
        }

        var spec = state.Resource.Spec;
        var endReached = spec.EndTime is { } end && end <= now;
        switch (command.Boundary)
        {
            case ScheduleBoundary.Start when state.Phase == CapturePhase.Scheduled && (spec.StartTime is null || spec.StartTime <= now):
                var started = new CaptureStarted(state.Key, state.Generation, now, command.By);
                return endReached
                    ? Decision.Accept(started, new CaptureEnded(state.Key, state.Generation, now, command.By))
                    : Decision.Accept(started);
            case ScheduleBoundary.End when state.Phase is CapturePhase.Scheduled or CapturePhase.Running && endReached:
                return Decision.Accept(new CaptureEnded(state.Key, state.Generation, now, command.By));
            default:
                return Decision.Unchanged;
        }
    }

    private static Decision NotFound(CaptureAggregate state) =>
        Decision.Reject(state.Key, RejectionReason.NotFound, $"packetcapture {state.Key} not found");
}
