using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PacketCapture.Bench.Api;

/// <summary>
/// A server run as its own process (the real <c>packetcapture serve</c>, or the bench binary's
/// reference server): started, found by the <c>listening on URL</c> line it logs, stopped with
/// SIGTERM. Its output is drained all along so a full pipe never stalls it.
/// </summary>
internal sealed partial class ChildServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _lastLines = [];

    private ChildServer(Process process)
    {
        _process = process;
    }

    public int ProcessId => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ChildServer> StartAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? startTimeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var server = new ChildServer(process);
        process.OutputDataReceived += (_, e) => server.Line(e.Data);
        process.ErrorDataReceived += (_, e) => server.Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(
            _ => server._listening.TrySetException(new InvalidOperationException($"{fileName} exited early:\n{server.Tail()}")),
            TaskScheduler.Default);
        try
        {
            server.BaseAddress = await server._listening.Task.WaitAsync(startTimeout ?? StartTimeout).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return server;
    }

    /// <summary>SIGTERM, then a wait for the clean shutdown; SIGKILL only if it does not come.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }

            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Console.WriteLine($"process {_process.Id} ignored SIGTERM for {StopTimeout.TotalSeconds:0} s; killed");
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }

        _process.Dispose();
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Add(line);
            if (_lastLines.Count > 20)
            {
                _lastLines.RemoveAt(0);
            }
        }

        if (Listening().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private string Tail()
    {
        lock (_lastLines)
        {
            return string.Join('\n', _lastLines);
        }
    }

    [GeneratedRegex(@"listening on (https?://\S+)")]
    private static partial Regex Listening();
}
