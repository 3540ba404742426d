using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace PacketCapture.Actors.Tests.Entity;

/// <summary>An in-memory journal whose writes for chosen streams fail, as a lost database would.</summary>
public sealed class FailingJournal : MemoryJournal
{
    private static readonly ConcurrentDictionary<string, bool> Failing = new();

    /// <summary>HOCON selecting this journal (and the in-memory snapshot store).</summary>
    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.failing"
        akka.persistence.journal.failing {
          class = "PacketCapture.Actors.Tests.Entity.FailingJournal, PacketCapture.Actors.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    /// <summary>Makes every write to <paramref name="persistenceId"/> fail (or succeed again).</summary>
    public static void FailWrites(string persistenceId, bool fail)
    {
        if (fail)
        {
            Failing[persistenceId] = true;
        }
        else
        {
            Failing.TryRemove(persistenceId, out _);
        }
    }

    /// <inheritdoc />
    protected override Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var batch = messages.ToList();
        return batch.Any(m => Failing.ContainsKey(m.PersistenceId))
            ? Task.FromException<IImmutableList<Exception?>>(new IOException("disk I/O error (test)"))
            : base.WriteMessagesAsync(batch, cancellationToken);
    }
}
