using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The watcher's decisions, without I/O: which apply or delete a list or a watch event calls for.
/// It keeps, per Kubernetes-owned capture, the CR generation last applied, so an event that does
/// not change the generation (a status or label change, a replay after a reconnect) sends nothing.
/// </summary>
public sealed class CaptureWatchDecider
{
    private readonly Dictionary<CaptureKey, long> _applied = [];
    private readonly Dictionary<CaptureKey, long> _reported = [];

    /// <summary>How many captures are known as Kubernetes-owned.</summary>
    public int Owned => _applied.Count;

    /// <summary>
    /// A full list: starts over from the owned captures that exist (with the generation each was
    /// applied at), applies what is new or changed, and deletes owned captures whose CR is gone.
    /// Captures made through our API or CLI are not in <paramref name="owned"/> and are never deleted.
    /// </summary>
    public IReadOnlyList<WatchAction> Relist(IReadOnlyDictionary<CaptureKey, long> owned, IReadOnlyList<CustomResource> items)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(items);
        _applied.Clear();
        foreach (var (key, generation) in owned)
        {
            _applied[key] = generation;
        }

        var actions = items.SelectMany(Upsert).ToList();
        var listed = items.Select(i => i.Key).ToHashSet();
        foreach (var key in owned.Keys.Where(k => !listed.Contains(k)).OrderBy(k => k.EntityId, StringComparer.Ordinal))
        {
            _applied.Remove(key);
            actions.Add(new DeleteOwned(key));
        }

        foreach (var key in _reported.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            _reported.Remove(key);
        }

        return actions;
    }

    /// <summary>An ADDED or MODIFIED event: apply when the generation is new, report an invalid CR once per generation.</summary>
    public IReadOnlyList<WatchAction> Upsert(CustomResource item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Resource is null)
        {
            if (_reported.TryGetValue(item.Key, out var reported) && reported == item.Generation)
            {
                return [];
            }

            _reported[item.Key] = item.Generation;
            return [new ReportInvalid(item.Key, item.Generation, item.Problem)];
        }

        _reported.Remove(item.Key);
        if (_applied.TryGetValue(item.Key, out var applied) && applied == item.Generation)
        {
            return [];
        }

        _applied[item.Key] = item.Generation;
        return [new ApplyResource(item.Key, item.Resource, item.Generation)];
    }

    /// <summary>A DELETED event: delete the capture if it was applied from the CR.</summary>
    public IReadOnlyList<WatchAction> Delete(CaptureKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _reported.Remove(key);
        return _applied.Remove(key) ? [new DeleteOwned(key)] : [];
    }

    /// <summary>An apply was not carried out: forget its generation so the next event or relist sends it again.</summary>
    public void Forget(CaptureKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _applied.Remove(key);
    }
}
