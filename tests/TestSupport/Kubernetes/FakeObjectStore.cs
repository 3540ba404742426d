using System.Globalization;
using System.Text.Json.Nodes;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>
/// The fake API server's state: objects of any collection, one global resourceVersion counter, a
/// bounded history of events for watches that resume from a resourceVersion, and the open watches.
/// Semantics follow the real server where a client can tell: status is a sub-resource (only a
/// status write changes it, and a status write changes nothing else), <c>metadata.generation</c>
/// grows when anything but metadata and status changes, a write that changes nothing is a no-op,
/// a stale <c>metadata.resourceVersion</c> on a write is a 409 Conflict, and a watch from a
/// resourceVersion older than the history gets an ERROR event with a 410 Expired Status.
/// </summary>
public sealed class FakeObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Collection, string Namespace, string Name), JsonObject> _objects = [];
    private readonly Queue<StoredEvent> _history = new();
    private readonly List<FakeWatch> _watches = [];
    private readonly Dictionary<string, string> _kinds = new()
    {
        ["pods"] = "Pod",
        ["namespaces"] = "Namespace",
        ["nodes"] = "Node",
        ["packetcaptures"] = "PacketCapture",
    };

    private long _resourceVersion;

    // Every event with a resourceVersion above this is still in the history.
    private long _historyStart;

    /// <summary>Events kept for resuming watches; older ones are forgotten (then a watch from before them gets 410).</summary>
    public int HistoryLimit { get; init; } = 1000;

    /// <summary>The current (latest) resourceVersion.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>How many watches are open now.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>Names the kind of a collection's objects (for list kinds and bookmarks); common ones are known.</summary>
    public void RegisterKind(string plural, string kind)
    {
        lock (_gate)
        {
            _kinds[plural] = kind;
        }
    }

    /// <summary>The objects of a collection (in one namespace when the target names one) that match, and the list's resourceVersion.</summary>
    public (IReadOnlyList<JsonObject> Items, long ResourceVersion) List(ApiTarget target, ObjectSelector selector)
    {
        lock (_gate)
        {
            var items = _objects
                .Where(e => e.Key.Collection == target.Collection && (target.Namespace is null || e.Key.Namespace == target.Namespace))
                .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal)
                .Select(e => e.Value)
                .Where(selector.Matches)
                .Select(o => (JsonObject)o.DeepClone())
                .ToList();
            return (items, _resourceVersion);
        }
    }

    /// <summary>A copy of one object.</summary>
    /// <exception cref="ApiStatusException">404.</exception>
    public JsonObject Get(ApiTarget target)
    {
        lock (_gate)
        {
            return (JsonObject)Existing(target).DeepClone();
        }
    }

    /// <summary>A copy of one object, or null.</summary>
    public JsonObject? Find(ApiTarget target)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(target), out var o) ? (JsonObject)o.DeepClone() : null;
        }
    }

    /// <summary>Creates an object in the target's collection and namespace (the body's status is dropped unless <paramref name="keepStatus"/>).</summary>
    /// <exception cref="ApiStatusException">400 without a name or with another namespace; 409 AlreadyExists.</exception>
    public JsonObject Create(ApiTarget target, JsonObject body, bool keepStatus = false)
    {
        var created = (JsonObject)body.DeepClone();
        var metadata = created["metadata"] as JsonObject ?? throw ApiStatusException.BadRequest("metadata is required");
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            name = prefix + Guid.NewGuid().ToString("N")[..5];
            metadata["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            throw ApiStatusException.BadRequest("metadata.name: Required value: name or generateName is required");
        }

        var ns = target.Namespace ?? "";
        if (metadata["namespace"]?.GetValue<string>() is { } given && given != ns && target.Namespace is not null)
        {
            throw ApiStatusException.BadRequest($"the namespace of the provided object ({given}) does not match the namespace sent on the request ({ns})");
        }

        if (!keepStatus)
        {
            created.Remove("status");
        }

        lock (_gate)
        {
            var key = (target.Collection, ns, name);
            if (_objects.ContainsKey(key))
            {
                throw new ApiStatusException(409, "AlreadyExists", $"{target.Plural}.{target.Group} \"{name}\" already exists");
            }

            created["apiVersion"] ??= target.ApiVersion;
            created["kind"] ??= KindOf(target.Plural);
            if (target.Namespace is not null)
            {
                metadata["namespace"] = ns;
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["generation"] = 1L;
            metadata["resourceVersion"] = Next();
            _objects[key] = created;
            Publish(target, "ADDED", created);
            return (JsonObject)created.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an object (<paramref name="target"/> without <c>Status</c>: status is kept as stored)
    /// or only its status (with <c>Status</c>: everything else is kept). A body carrying
    /// <c>metadata.resourceVersion</c> must carry the current one.
    /// </summary>
    /// <exception cref="ApiStatusException">404; 409 Conflict.</exception>
    public JsonObject Replace(ApiTarget target, JsonObject body) => Change(target, _ => (JsonObject)body.DeepClone());

    /// <summary>Changes an object through <paramref name="change"/> (given a copy of the stored object), with the rules of <see cref="Replace"/>.</summary>
    /// <exception cref="ApiStatusException">404; 409 Conflict; what <paramref name="change"/> throws.</exception>
    public JsonObject Change(ApiTarget target, Func<JsonObject, JsonObject> change)
    {
        lock (_gate)
        {
            var old = Existing(target);
            var candidate = change((JsonObject)old.DeepClone());
            var givenVersion = candidate["metadata"]?["resourceVersion"]?.GetValue<string>();
            var currentVersion = old["metadata"]!["resourceVersion"]!.GetValue<string>();
            if (givenVersion is not null && givenVersion != currentVersion)
            {
                throw new ApiStatusException(409, "Conflict",
                    $"Operation cannot be fulfilled on {target.Plural}.{target.Group} \"{target.Name}\": the object has been modified; please apply your changes to the latest version and try again");
            }

            JsonObject next;
            if (target.Status)
            {
                next = (JsonObject)old.DeepClone();
                next.Remove("status");
                if (candidate["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }
            }
            else
            {
                next = (JsonObject)candidate.DeepClone();
                next.Remove("status");
                if (old["status"] is { } status)
                {
                    next["status"] = status.DeepClone();
                }

                var metadata = next["metadata"] as JsonObject ?? new JsonObject();
                next["metadata"] = metadata;
                foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
                {
                    metadata.Remove(field);
                    if (old["metadata"]![field] is { } value)
                    {
                        metadata[field] = value.DeepClone();
                    }
                }

                next["apiVersion"] ??= old["apiVersion"]?.DeepClone();
                next["kind"] ??= old["kind"]?.DeepClone();
            }

            next["metadata"]!["resourceVersion"] = currentVersion;
            if (JsonNode.DeepEquals(next, old))
            {
                return (JsonObject)old.DeepClone();
            }

            if (!target.Status && SpecChanged(old, next))
            {
                // Whatever number type the stored value has (a parsed body, or set here).
                var generation = old["metadata"]!["generation"] is { } g ? long.Parse(g.ToJsonString(), CultureInfo.InvariantCulture) : 0;
                next["metadata"]!["generation"] = generation + 1;
            }

            next["metadata"]!["resourceVersion"] = Next();
            _objects[Key(target)] = next;
            Publish(target, "MODIFIED", next);
            return (JsonObject)next.DeepClone();
        }
    }

    /// <summary>Deletes an object; returns it as it was last.</summary>
    /// <exception cref="ApiStatusException">404.</exception>
    public JsonObject Delete(ApiTarget target)
    {
        lock (_gate)
        {
            var old = Existing(target);
            _objects.Remove(Key(target));
            var gone = (JsonObject)old.DeepClone();
            gone["metadata"]!["resourceVersion"] = Next();
            Publish(target, "DELETED", gone);
            return (JsonObject)gone.DeepClone();
        }
    }

    /// <summary>
    /// Opens a watch. Without a resourceVersion (or "0") it starts with an ADDED event per existing
    /// object; from a resourceVersion it replays the history after it, or, when that is older than
    /// the history, sends one ERROR event (410 Expired) and closes.
    /// </summary>
    public FakeWatch Watch(ApiTarget target, ObjectSelector selector, string? resourceVersion, bool bookmarks)
    {
        var watch = new FakeWatch(target, selector, bookmarks);
        lock (_gate)
        {
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                foreach (var item in List(target, selector).Items)
                {
                    watch.Send(Line("ADDED", item));
                }
            }
            else if (!long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var from))
            {
                watch.Send(Line("ERROR", ApiStatusException.BadRequest($"invalid resourceVersion \"{resourceVersion}\"").ToStatus()));
                watch.Close();
                return watch;
            }
            else if (from < _historyStart)
            {
                var expired = new ApiStatusException(410, "Expired", $"too old resource version: {from} ({_historyStart + 1})");
                watch.Send(Line("ERROR", expired.ToStatus()));
                watch.Close();
                return watch;
            }
            else
            {
                foreach (var e in _history.Where(e => e.ResourceVersion > from && Wants(watch, e.Collection, e.Namespace, e.Object)))
                {
                    watch.Send(e.Line);
                }
            }

            _watches.Add(watch);
        }

        return watch;
    }

    /// <summary>Forgets a watch whose stream has ended.</summary>
    public void Forget(FakeWatch watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }
    }

    /// <summary>Closes every open watch stream (as the server does at a timeout or restart).</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var watch in _watches)
            {
                watch.Close();
            }

            _watches.Clear();
        }
    }

    /// <summary>Forgets the event history: a watch resuming from any resourceVersion before now gets 410.</summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _historyStart = _resourceVersion;
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to every open watch that asked for bookmarks.</summary>
    public void SendBookmark()
    {
        lock (_gate)
        {
            foreach (var watch in _watches.Where(w => w.Bookmarks))
            {
                var bookmark = new JsonObject
                {
                    ["kind"] = KindOf(watch.Target.Plural),
                    ["apiVersion"] = watch.Target.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) },
                };
                watch.Send(Line("BOOKMARK", bookmark));
            }
        }
    }

    /// <summary>The kind of a collection's objects.</summary>
    public string KindOf(string plural)
    {
        lock (_gate)
        {
            return _kinds.TryGetValue(plural, out var kind)
                ? kind
                : char.ToUpperInvariant(plural[0]) + plural[1..].TrimEnd('s');
        }
    }

    private static (string, string, string) Key(ApiTarget target) =>
        (target.Collection, target.Namespace ?? "", target.Name ?? throw ApiStatusException.BadRequest("the request names no object"));

    private static bool SpecChanged(JsonObject old, JsonObject next)
    {
        static IEnumerable<string> Keys(JsonObject o) => o.Select(p => p.Key).Where(k => k is not ("metadata" or "status" or "apiVersion" or "kind"));
        var keys = Keys(old).Union(Keys(next));
        return keys.Any(k => !JsonNode.DeepEquals(old[k], next[k]));
    }

    private static bool Wants(FakeWatch watch, string collection, string ns, JsonObject item) =>
        watch.Target.Collection == collection &&
        (watch.Target.Namespace is null || watch.Target.Namespace == ns) &&
        watch.Selector.Matches(item);

    private static string Line(string type, JsonObject item) =>
        new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString();

    private JsonObject Existing(ApiTarget target) =>
        _objects.TryGetValue(Key(target), out var o) ? o : throw ApiStatusException.NotFound(target, target.Name!);

    private string Next() => (++_resourceVersion).ToString(CultureInfo.InvariantCulture);

    private void Publish(ApiTarget target, string type, JsonObject item)
    {
        var ns = target.Namespace ?? "";
        var stored = new StoredEvent(_resourceVersion, target.Collection, ns, (JsonObject)item.DeepClone(), Line(type, item));
        _history.Enqueue(stored);
        while (_history.Count > HistoryLimit)
        {
            _historyStart = _history.Dequeue().ResourceVersion;
        }

        foreach (var watch in _watches.Where(w => Wants(w, stored.Collection, ns, item)))
        {
            watch.Send(stored.Line);
        }
    }

    private sealed record StoredEvent(long ResourceVersion, string Collection, string Namespace, JsonObject Object, string Line);
}
