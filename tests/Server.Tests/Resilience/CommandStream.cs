using System.Collections.Concurrent;
using System.Diagnostics;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>What happened to one update: its capture, the selector it asked for, and the answer
/// (or the exception when no HTTP answer came at all), with when it was sent and answered.</summary>
internal sealed record SentCommand(string Capture, string Selector, TimeSpan SentAt, TimeSpan AnsweredAt, ApiAnswer? Answer, string? NoAnswer)
{
    public bool Acknowledged => Answer is { Ok: true };
}

/// <summary>
/// A client sending updates continuously, bounded in count and time: one worker per slice of the
/// captures, so each capture's updates are strictly sequential (its last acknowledged spec is known).
/// Every update asks for a selector never asked before, so the journal says exactly which ones landed.
/// </summary>
internal sealed class CommandStream(Func<PostgresMember> target, IReadOnlyList<string> captures, int workers, int maxCommands)
{
    private readonly ConcurrentQueue<SentCommand> _sent = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _issued;

    public IReadOnlyList<SentCommand> Sent => [.. _sent];

    public TimeSpan Now => _clock.Elapsed;

    public int Acknowledged => _sent.Count(c => c.Acknowledged);

    /// <summary>Runs until <paramref name="stop"/> is cancelled or <c>maxCommands</c> were sent.</summary>
    public Task RunAsync(CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(() => WorkAsync(w, stop), CancellationToken.None)));

    private async Task WorkAsync(int worker, CancellationToken stop)
    {
        var mine = captures.Where((_, i) => i % workers == worker).ToArray();
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var capture = mine[round % mine.Length];
            var number = Interlocked.Increment(ref _issued);
            if (number > maxCommands)
            {
                return;
            }

            var selector = $"app == \"u{number}\"";
            var sentAt = _clock.Elapsed;
            try
            {
                var answer = await target().UpdateAsync(capture, selector);
                _sent.Enqueue(new SentCommand(capture, selector, sentAt, _clock.Elapsed, answer, null));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _sent.Enqueue(new SentCommand(capture, selector, sentAt, _clock.Elapsed, null, e.Message));
            }
        }
    }
}
