namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Logs each problem once while it lasts: a bad file rescanned every few seconds must not
/// repeat its error every few seconds, but the same error coming back after a fix is logged again.
/// </summary>
internal sealed class ProblemLog(Action<string> log)
{
    private HashSet<string> _current = new(StringComparer.Ordinal);

    /// <summary>Logs the problems not already reported; returns whether any was new.</summary>
    public bool Report(IEnumerable<string> problems)
    {
        var next = new HashSet<string>(problems, StringComparer.Ordinal);
        var logged = false;
        foreach (var problem in next.Where(p => !_current.Contains(p)))
        {
            log(problem);
            logged = true;
        }

        _current = next;
        return logged;
    }

    /// <summary>Whether a problem is being reported now.</summary>
    public bool Any => _current.Count > 0;
}
