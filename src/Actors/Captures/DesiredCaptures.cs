using System.Collections.Immutable;
using System.Text;
using Akka.DistributedData;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// The DistributedData keys under which entities publish <see cref="DesiredCapture"/>s and node
/// agents subscribe: <see cref="BucketCount"/> LWW maps (entity id → desired capture), each entity
/// in the bucket its id hashes to.
/// </summary>
/// <remarks>
/// One map for every capture made the replicator serialise, gzip and hash the WHOLE map twice on
/// each notify tick in which anything changed (~9-34 ms at 1,000 captures), so a burst of applies
/// cost ticks × map size (docs/PERFORMANCE.md, Actor core, 1b). With buckets a tick digests only
/// the buckets that changed, each a 1/<see cref="BucketCount"/> of the map.
/// </remarks>
public static class DesiredCaptures
{
    /// <summary>
    /// How many maps desired captures are split into. A constant, not a setting: every member must
    /// agree on it (an entity publishes to a bucket every node agent must subscribe to) and members
    /// of different versions share no replicated state anyway, since it is in memory only.
    /// </summary>
    public const int BucketCount = 32;

    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>Every bucket's key, in bucket order.</summary>
    public static ImmutableArray<LWWDictionaryKey<string, DesiredCapture>> AllKeys { get; } =
        [.. Enumerable.Range(0, BucketCount).Select(i => new LWWDictionaryKey<string, DesiredCapture>($"captures-{i:D2}"))];

    /// <summary>The key of the bucket holding <paramref name="key"/>'s desired capture.</summary>
    public static LWWDictionaryKey<string, DesiredCapture> KeyFor(CaptureKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return AllKeys[BucketOf(key.EntityId)];
    }

    /// <summary>
    /// The bucket of an entity id: FNV-1a of its UTF-8 bytes modulo <see cref="BucketCount"/>. Stable
    /// across processes and versions (string.GetHashCode is randomised per process).
    /// </summary>
    public static int BucketOf(string entityId)
    {
        ArgumentNullException.ThrowIfNull(entityId);
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(entityId))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return (int)(hash % BucketCount);
    }

    /// <summary>The bucket index of <paramref name="key"/>, or -1 when it is not a desired-captures key.</summary>
    public static int IndexOf(IKey key)
    {
        for (var i = 0; i < AllKeys.Length; i++)
        {
            if (AllKeys[i].Equals(key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The captures a set of buckets holds: not deleted, in <paramref name="namespace"/> when given,
    /// sorted by namespace then name (ordinal). The one listing rule, for every caller.
    /// </summary>
    /// <param name="desired">Every bucket's entries.</param>
    /// <param name="namespace">Only this namespace; null for all.</param>
    public static ImmutableArray<CaptureKey> List(IEnumerable<DesiredCapture> desired, string? @namespace)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return
        [
            .. desired
                .Where(d => !d.Deleted && (@namespace is null || d.Key.Namespace == @namespace))
                .Select(d => d.Key)
                .OrderBy(k => k.Namespace, StringComparer.Ordinal)
                .ThenBy(k => k.Name, StringComparer.Ordinal),
        ];
    }
}
