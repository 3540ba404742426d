using System.Collections.Concurrent;
using System.Diagnostics;

namespace PacketCapture.Server.Tests.Server;

/// <summary>The real <c>packetcapture serve</c> (built beside the tests) as a child process; its output collected line by line.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ServeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public IReadOnlyList<string> Output => [.. _output];

    public IReadOnlyList<string> Errors => [.. _errors];

    public static ServeProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts serve with extra environment variables (for example <c>PC_</c> overrides).</summary>
    public static ServeProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "packetcapture.dll"));
        start.ArgumentList.Add("serve");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PACKETCAPTURE_DEBUG");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new ServeProcess(Process.Start(start)!);
    }

    /// <summary>The first output line containing <paramref name="text"/>, waiting for it up to the deadline.</summary>
    public string WaitForOutput(string text, int timeoutMs = 60_000)
    {
        Poll.Until(() => _output.Any(l => l.Contains(text, StringComparison.Ordinal)) || _process.HasExited,
            $"'{text}' in the output of serve", timeoutMs);
        return _output.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException($"serve exited {_process.ExitCode} before printing '{text}': {string.Join(" | ", _errors)}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        // A failed test must not leave a member running.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
