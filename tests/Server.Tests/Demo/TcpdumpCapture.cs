using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PacketCapture.Server.Tests.Demo;

/// <summary>tcpdump writing one interface into a file, started and stopped by the test (bounded by a deadline).</summary>
internal sealed class TcpdumpCapture : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly Lock _gate = new();

    private TcpdumpCapture(Process process) => _process = process;

    /// <summary>Starts <c>tcpdump -i IF -w FILE -U --immediate-mode</c> (optionally <c>-c N</c>) and returns once it is listening.
    /// Immediate mode: without it packets wait in a kernel block for up to a second, and a stop loses them.</summary>
    public static TcpdumpCapture Start(string interfaceName, string file, int? count = null)
    {
        var start = new ProcessStartInfo("tcpdump")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-i", interfaceName, "-w", file, "-U", "-nn", "--immediate-mode" })
        {
            start.ArgumentList.Add(argument);
        }

        if (count is { } n)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
        }

        var capture = new TcpdumpCapture(Process.Start(start)!);
        capture._process.ErrorDataReceived += (_, e) =>
        {
            lock (capture._gate)
            {
                capture._errors.AppendLine(e.Data);
            }
        };
        capture._process.BeginErrorReadLine();
        Poll.Until(() => capture.Errors.Contains("listening on", StringComparison.Ordinal) || capture._process.HasExited,
            "tcpdump to listen", 15_000);
        Assert.False(capture._process.HasExited, $"tcpdump exited early: {capture.Errors}");
        return capture;
    }

    public string Errors
    {
        get
        {
            lock (_gate)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Waits for tcpdump to end by itself (<c>-c</c>).</summary>
    public void WaitForExit(int timeoutMs = 20_000) =>
        Assert.True(_process.WaitForExit(timeoutMs), $"tcpdump did not stop within {timeoutMs} ms: {Errors}");

    /// <summary>Stops tcpdump like Ctrl-C (it flushes and closes the file) and waits for it.</summary>
    public void Stop()
    {
        if (!_process.HasExited)
        {
            Shell.RunWithStatus("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        }

        WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5_000);
        }

        _process.Dispose();
    }
}
