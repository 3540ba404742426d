using System.Collections.Immutable;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// How each event changes a capture's state. Total over every event <see cref="CaptureRules.Decide"/>
/// can produce; an event that cannot follow the state means the decider or the journal is wrong,
/// so it throws instead of guessing (recovery then fails loudly rather than rebuilding a wrong status).
/// </summary>
internal static class CaptureEvolution
{
    internal static CaptureAggregate Apply(CaptureAggregate state, ICaptureEvent @event)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(@event);
        if (@event.Key != state.Key)
        {
            throw Illegal(state, @event, $"it belongs to {@event.Key}");
        }

        var next = @event switch
        {
            CaptureCreated created => Created(state, created),
            CaptureSpecChanged changed => SpecChanged(state, changed),
            CaptureStarted started => Started(state, started),
            CaptureEnded ended => Ended(state, ended),
            CaptureDeleted deleted => Deleted(state, deleted),
            NodeStateReported reported => NodeReported(state, reported),
            CaptureFileRotated rotated => FileRotated(state, rotated),
            CaptureFilesCleaned cleaned => FilesCleaned(state, cleaned),
            NodeLost lost => NodeDepartures.Apply(state, lost),
            _ => throw Illegal(state, @event, "the rules have no case for it"),
        };
        return next with { EventCount = state.EventCount + 1 };
    }

    private static CaptureAggregate Created(CaptureAggregate state, CaptureCreated created)
    {
        RequireAbsent(state, created);
        if (created.Generation <= state.Generation)
        {
            throw Illegal(state, created, $"generation {created.Generation} does not grow past {state.Generation}");
        }

        if (created.Incarnation != state.Incarnation + 1)
        {
            throw Illegal(state, created, $"incarnation {created.Incarnation} does not follow {state.Incarnation}");
        }

        // A new incarnation starts clean: the previous one's nodes deleted their files on delete.
        // CleanEpoch is kept because nodes compare it across incarnations.
        return state with
        {
            Resource = created.Resource,
            Generation = created.Generation,
            Incarnation = created.Incarnation,
            Deleted = false,
            Phase = CapturePhase.Scheduled,
            Nodes = state.Nodes.Clear(),
            LostNodes = state.LostNodes.Clear(),
        };
    }

    private static CaptureAggregate SpecChanged(CaptureAggregate state, CaptureSpecChanged changed)
    {
        RequireExists(state, changed);
        if (changed.Generation < state.Generation)
        {
            throw Illegal(state, changed, $"generation {changed.Generation} is below {state.Generation}");
        }

        // Same generation: metadata only, nodes keep running. A new one restarts the window.
        return changed.Generation == state.Generation
            ? state with { Resource = changed.Resource }
            : state with { Resource = changed.Resource, Generation = changed.Generation, Phase = CapturePhase.Scheduled };
    }

    private static CaptureAggregate Started(CaptureAggregate state, CaptureStarted started)
    {
        RequireExists(state, started);
        RequireCurrentGeneration(state, started, started.Generation);
        if (state.Phase != CapturePhase.Scheduled)
        {
            throw Illegal(state, started, "only a Scheduled capture can start");
        }

        return state with { Phase = CapturePhase.Running };
    }

    private static CaptureAggregate Ended(CaptureAggregate state, CaptureEnded ended)
    {
        RequireExists(state, ended);
        RequireCurrentGeneration(state, ended, ended.Generation);
        if (state.Phase is not (CapturePhase.Scheduled or CapturePhase.Running))
        {
            throw Illegal(state, ended, "only a Scheduled or Running capture can end");
        }

        return state with { Phase = CapturePhase.Ended };
    }

    private static CaptureAggregate Deleted(CaptureAggregate state, CaptureDeleted deleted)
    {
        RequireExists(state, deleted);

        // The resource stays so the delete reply can show what was deleted.
        return state with { Deleted = true, Phase = CapturePhase.None, Nodes = state.Nodes.Clear(), LostNodes = state.LostNodes.Clear() };
    }

    private static CaptureAggregate NodeReported(CaptureAggregate state, NodeStateReported reported)
    {
        RequireExists(state, reported);

        // A node that reports is live again, whatever happened to its member before.
        return state with
        {
            Nodes = state.Nodes.SetItem(reported.Status.Node, reported.Status),
            LostNodes = state.LostNodes.Remove(reported.Status.Node),
        };
    }

    private static CaptureAggregate FileRotated(CaptureAggregate state, CaptureFileRotated rotated)
    {
        RequireExists(state, rotated);
        var rotation = rotated.Rotation;

        // Without an entry there is no directory or state to show; the node's next report carries the file.
        if (!state.Nodes.TryGetValue(rotation.Node, out var node))
        {
            return state;
        }

        var index = node.FileNames.BinarySearch(rotation.FileName, StringComparer.Ordinal);
        if (index >= 0)
        {
            return state;
        }

        var files = node.FileNames.Insert(~index, rotation.FileName);
        return state with { Nodes = state.Nodes.SetItem(rotation.Node, node with { FileNames = files }) };
    }

    private static CaptureAggregate FilesCleaned(CaptureAggregate state, CaptureFilesCleaned cleaned)
    {
        RequireExists(state, cleaned);
        if (cleaned.CleanEpoch <= state.CleanEpoch)
        {
            throw Illegal(state, cleaned, $"clean epoch {cleaned.CleanEpoch} does not grow past {state.CleanEpoch}");
        }

        var nodes = state.Nodes;
        foreach (var (name, status) in state.Nodes)
        {
            nodes = nodes.SetItem(name, status with { FileNames = ImmutableArray<string>.Empty });
        }

        return state with { CleanEpoch = cleaned.CleanEpoch, Nodes = nodes };
    }

    internal static void RequireExists(CaptureAggregate state, ICaptureEvent @event)
    {
        if (!state.Exists)
        {
            throw Illegal(state, @event, state.Deleted ? "the capture is deleted" : "the capture was never created");
        }
    }

    private static void RequireAbsent(CaptureAggregate state, ICaptureEvent @event)
    {
        if (state.Exists)
        {
            throw Illegal(state, @event, "the capture already exists");
        }
    }

    private static void RequireCurrentGeneration(CaptureAggregate state, ICaptureEvent @event, long generation)
    {
        if (generation != state.Generation)
        {
            throw Illegal(state, @event, $"it is for generation {generation}, the capture is at {state.Generation}");
        }
    }

    internal static InvalidOperationException Illegal(CaptureAggregate state, ICaptureEvent @event, string why) =>
        new($"{@event.GetType().Name} cannot follow the state of {state.Key} (incarnation {state.Incarnation}, " +
            $"generation {state.Generation}, phase {state.Phase}, deleted {state.Deleted}): {why}");
}
