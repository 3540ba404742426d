using System.ComponentModel;
using System.Diagnostics;

namespace PacketCapture.Host.Endpoints;

/// <summary>Runs iproute2's <c>ip</c> with a deadline and returns what it printed.</summary>
internal static class IpCommand
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    /// <exception cref="IOException">ip is missing, failed, or did not finish in time.</exception>
    public static async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var command = $"ip {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException($"{command} did not start");
        }
        catch (Win32Exception e)
        {
            throw new IOException($"{command} cannot run ({e.Message}); is iproute2 installed?", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Deadline);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited just now.
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw new IOException($"{command} did not finish within {Deadline.TotalSeconds:0} s");
            }

            var text = await output.ConfigureAwait(false);
            var problem = (await error.ConfigureAwait(false)).Trim();
            return process.ExitCode == 0
                ? text
                : throw new IOException($"{command} exited {process.ExitCode}: {problem}");
        }
    }
}
