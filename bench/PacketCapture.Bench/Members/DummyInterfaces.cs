using System.Diagnostics;

namespace PacketCapture.Bench.Members;

/// <summary>
/// Dummy interfaces (no address, no traffic) the scale scenario's sessions open: real libpcap
/// sessions without any packet to filter, so 1,000 of them cost nothing per packet of the
/// cluster's own loopback traffic (as sessions on <c>lo</c> would). Removed on dispose.
/// </summary>
internal sealed class DummyInterfaces : IDisposable
{
    private readonly List<string> _names = [];

    public DummyInterfaces(string prefix, int count)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                var name = $"{prefix}{i}";
                // A leftover of an interrupted run would make `add` fail: remove it first.
                Ip(check: false, "link", "del", name);
                Ip(check: true, "link", "add", name, "type", "dummy");
                _names.Add(name);
                Ip(check: true, "link", "set", name, "up");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> Names => _names;

    public void Dispose()
    {
        foreach (var name in _names)
        {
            Ip(check: false, "link", "del", name);
        }

        _names.Clear();
    }

    private static void Ip(bool check, params string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error.Trim()}");
        }
    }
}
