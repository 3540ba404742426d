using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Nodes;

/// <summary>One capture on one endpoint of this node: the unit an <see cref="InterfaceCaptureActor"/> owns.</summary>
/// <param name="CaptureId">The capture's entity id (<c>namespace/name</c>).</param>
/// <param name="EndpointId">The endpoint's <see cref="WorkloadEndpoint.Id"/>.</param>
internal readonly record struct EndpointCaptureId(string CaptureId, string EndpointId);

/// <summary>What runs now for one (capture, endpoint): the generation and the interface it was started with.</summary>
internal sealed record RunningEndpointCapture(long Generation, string Pod, string InterfaceName);

/// <summary>A desired capture with its plan for that generation; a null plan (the resource could not be
/// planned) selects nothing.</summary>
internal sealed record PlannedCapture(DesiredCapture Desired, CapturePlan? Plan);

/// <summary>Start (or restart) one capture on one endpoint.</summary>
internal sealed record EndpointCaptureStart(EndpointCaptureId Id, PlannedCapture Capture, WorkloadEndpoint Endpoint);

/// <summary>What a node must change so that what runs matches what is desired.</summary>
/// <param name="Start">Not running yet: start.</param>
/// <param name="Restart">Generation, interface or pod changed: stop, then start again; files kept (the new session appends).</param>
/// <param name="StopAndRemoveFiles">Endpoint deselected or gone: stop and delete that endpoint's files.</param>
/// <param name="Stop">The capture vanished from the desired map without being deleted: stop, keep files.</param>
/// <param name="Deleted">Deleted captures: stop every session, remove the capture directory.</param>
/// <param name="Cleaned">Captures whose clean epoch grew: delete every <c>.pcap</c> of the capture directory.</param>
internal sealed record NodeReconcilePlan(
    IReadOnlyList<EndpointCaptureStart> Start,
    IReadOnlyList<EndpointCaptureStart> Restart,
    IReadOnlyList<EndpointCaptureId> StopAndRemoveFiles,
    IReadOnlyList<EndpointCaptureId> Stop,
    IReadOnlyList<CaptureKey> Deleted,
    IReadOnlyList<CaptureKey> Cleaned)
{
    public bool IsEmpty => Start.Count == 0 && Restart.Count == 0 && StopAndRemoveFiles.Count == 0 &&
        Stop.Count == 0 && Deleted.Count == 0 && Cleaned.Count == 0;
}

/// <summary>Which captures and endpoints changed since the last reconcile; null sets mean "everything".
/// Only pairs with a changed side can change their selection, so the rest is not evaluated again:
/// 1,000 captures arriving one by one cost O(captures × endpoints) in all, not per change.</summary>
/// <param name="Captures">Entity ids whose desired capture changed, appeared or vanished.</param>
/// <param name="Endpoints">Endpoint ids that appeared, changed or vanished.</param>
internal sealed record ReconcileScope(IReadOnlySet<string>? Captures, IReadOnlySet<string>? Endpoints)
{
    /// <summary>Re-evaluate every pair.</summary>
    public static ReconcileScope Everything { get; } = new(null, null);

    public bool IsEverything => Captures is null || Endpoints is null;

    public bool Touches(string captureId, string endpointId) =>
        IsEverything || Captures!.Contains(captureId) || Endpoints!.Contains(endpointId);
}

/// <summary>
/// Desired captures × local endpoints − what runs = what to change. Pure: no Akka, no clock, no disk;
/// the node agent applies the plan. Results are ordered (capture id, then endpoint id) so that the
/// agent acts, and tests observe, in a stable order.
/// </summary>
internal static class NodeReconciler
{
    /// <param name="previous">The desired captures the agent acted on last time (deletion and cleaning are edges).</param>
    /// <param name="desired">The desired captures now, by entity id, each with its plan.</param>
    /// <param name="endpoints">This node's endpoints by id.</param>
    /// <param name="running">What runs now.</param>
    /// <param name="scope">What changed since the plan last applied; null re-evaluates everything.</param>
    public static NodeReconcilePlan Reconcile(
        IReadOnlyDictionary<string, DesiredCapture> previous,
        IReadOnlyDictionary<string, PlannedCapture> desired,
        IReadOnlyDictionary<string, WorkloadEndpoint> endpoints,
        IReadOnlyDictionary<EndpointCaptureId, RunningEndpointCapture> running,
        ReconcileScope? scope = null)
    {
        scope ??= ReconcileScope.Everything;
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(running);

        var start = new List<EndpointCaptureStart>();
        var restart = new List<EndpointCaptureStart>();
        var stopAndRemove = new List<EndpointCaptureId>();
        var stop = new List<EndpointCaptureId>();
        var deleted = new SortedDictionary<string, CaptureKey>(StringComparer.Ordinal);
        var cleaned = new List<CaptureKey>();

        foreach (var (id, run) in running)
        {
            if (!scope.Touches(id.CaptureId, id.EndpointId))
            {
                continue;
            }

            if (!desired.TryGetValue(id.CaptureId, out var capture))
            {
                stop.Add(id);
            }
            else if (capture.Desired.Deleted)
            {
                deleted[id.CaptureId] = capture.Desired.Key;
            }
            else if (!endpoints.TryGetValue(id.EndpointId, out var endpoint) || !Selects(capture, endpoint))
            {
                stopAndRemove.Add(id);
            }
            else if (run.Generation != capture.Desired.Generation || run.InterfaceName != endpoint.InterfaceName || run.Pod != endpoint.Pod)
            {
                restart.Add(new EndpointCaptureStart(id, capture, endpoint));
            }
        }

        foreach (var (captureId, capture) in desired)
        {
            var was = previous.GetValueOrDefault(captureId);
            if (capture.Desired.Deleted)
            {
                if (was is null || !was.Deleted)
                {
                    deleted[captureId] = capture.Desired.Key;
                }

                continue;
            }

            // A node that first hears of a capture with a clean epoch above zero does not know whether
            // its files predate the clean, so only growth it witnessed deletes files.
            if (was is not null && !was.Deleted && capture.Desired.CleanEpoch > was.CleanEpoch)
            {
                cleaned.Add(capture.Desired.Key);
            }

            var candidates = scope.IsEverything || scope.Captures!.Contains(captureId)
                ? endpoints.Values
                : scope.Endpoints!.Select(endpoints.GetValueOrDefault).OfType<WorkloadEndpoint>();
            foreach (var endpoint in candidates)
            {
                var id = new EndpointCaptureId(captureId, endpoint.Id);
                if (!running.ContainsKey(id) && Selects(capture, endpoint))
                {
                    start.Add(new EndpointCaptureStart(id, capture, endpoint));
                }
            }
        }

        return new NodeReconcilePlan(
            [.. start.OrderBy(s => s.Id.CaptureId, StringComparer.Ordinal).ThenBy(s => s.Id.EndpointId, StringComparer.Ordinal)],
            [.. restart.OrderBy(s => s.Id.CaptureId, StringComparer.Ordinal).ThenBy(s => s.Id.EndpointId, StringComparer.Ordinal)],
            [.. stopAndRemove.OrderBy(s => s.CaptureId, StringComparer.Ordinal).ThenBy(s => s.EndpointId, StringComparer.Ordinal)],
            [.. stop.OrderBy(s => s.CaptureId, StringComparer.Ordinal).ThenBy(s => s.EndpointId, StringComparer.Ordinal)],
            [.. deleted.Values],
            [.. cleaned.OrderBy(k => k.EntityId, StringComparer.Ordinal)]);
    }

    private static bool Selects(PlannedCapture capture, WorkloadEndpoint endpoint) =>
        capture.Plan is { } plan && plan.EffectiveSelector.Matches(endpoint.SelectorLabels);
}
