using System.Runtime.InteropServices;

namespace PacketCapture.Host.Demo;

/// <summary>
/// Runs code inside a named network namespace (<c>/run/netns/&lt;name&gt;</c>) without a child process:
/// the namespace switch (<c>setns</c>) is per thread, so the work runs on a thread of its own that
/// switches first and is never reused (it ends with the work). Sockets opened there belong to the
/// namespace for their whole life.
/// </summary>
public static class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>Runs <paramref name="work"/> inside <paramref name="name"/> and returns its result; its exception is rethrown here.</summary>
    /// <exception cref="TimeoutException">The work did not end within <paramref name="timeout"/> (the thread is abandoned as a background thread).</exception>
    public static T Run<T>(string name, TimeSpan timeout, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var path = Path.Combine("/run/netns", name);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(path);
                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        if (!thread.Join(timeout))
        {
            throw new TimeoutException($"work inside network namespace {name} did not end within {timeout.TotalSeconds:0.#}s");
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        return result;
    }

    private static void Enter(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new IOException($"setns {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, and a blittable
    // two-int call gains nothing from it.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int namespaceType);
}
