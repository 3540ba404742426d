namespace PacketCapture.Server.Tests.Resilience;

/// <summary>Checks acknowledged commands against the journal: a 2xx the journal does not hold is a lost command.</summary>
internal static class Acknowledgements
{
    /// <summary>Every acknowledged (capture, generation, selector) is a spec row of that capture's stream,
    /// and every stream is whole: sequence numbers 1..N without a gap, each generation written once.</summary>
    public static async Task AssertAllInJournalAsync(PostgresServer postgres, IEnumerable<(string Capture, long Generation, string Selector)> acknowledged)
    {
        var journal = await JournalSpecs.ReadAsync(postgres);
        var missing = acknowledged
            .Where(a => !journal.TryGetValue(JournalSpecs.PersistenceIdOf(a.Capture), out var stream) ||
                        !stream.Specs.Any(s => s.Generation == a.Generation && s.Selector == a.Selector))
            .ToList();
        Assert.True(missing.Count == 0,
            $"{missing.Count} acknowledged command(s) not in the journal: {string.Join("; ", missing.Take(10))}");
        foreach (var (id, stream) in journal)
        {
            Assert.True(stream.Sequence.SequenceEqual(Enumerable.Range(1, stream.Sequence.Count).Select(n => (long)n)),
                $"{id}: sequence numbers {string.Join(",", stream.Sequence)} have a gap");
            Assert.True(stream.Specs.Select(s => s.Generation).Distinct().Count() == stream.Specs.Count,
                $"{id}: a generation written twice: {string.Join(",", stream.Specs.Select(s => s.Generation))}");
        }
    }

    /// <summary>The acknowledged updates of a command stream as (capture, generation, selector).</summary>
    public static IEnumerable<(string Capture, long Generation, string Selector)> Of(IEnumerable<SentCommand> sent) =>
        sent.Where(c => c.Acknowledged).Select(c =>
        {
            var (generation, selector) = c.Answer!.Spec();
            Assert.Equal(c.Selector, selector);
            return (c.Capture, generation, selector);
        });

    /// <summary>Every refusal is a 503 ServiceUnavailable with a message; no command went unanswered, none got another error.</summary>
    public static void AssertRefusalsAreRetryable(IEnumerable<SentCommand> sent)
    {
        var list = sent.ToList();
        var unanswered = list.Where(c => c.Answer is null).ToList();
        Assert.True(unanswered.Count == 0, $"{unanswered.Count} command(s) got no HTTP answer: {string.Join("; ", unanswered.Take(5).Select(c => c.NoAnswer))}");
        var wrong = list.Where(c => c.Answer is { Ok: false } a && (a.Code != 503 || !a.Body.Contains("\"reason\":\"ServiceUnavailable\"", StringComparison.Ordinal) || a.Message().Length == 0)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} refusal(s) other than a 503 with a message: {string.Join("; ", wrong.Take(5).Select(c => c.Answer))}");
    }
}
