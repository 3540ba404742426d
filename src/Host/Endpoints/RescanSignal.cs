using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Wakes a scan loop: on a file-system event (settled, because one editor save or <c>mv</c> is
/// several events) or when the periodic rescan interval passes (some changes, like a veth
/// appearing, make no file event; and inotify can overflow).
/// </summary>
internal sealed class RescanSignal
{
    private readonly Channel<bool> _events = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Notify() => _events.Writer.TryWrite(true);

    /// <summary>Returns after an event plus <paramref name="settleTime"/>, or after <paramref name="interval"/> without one.</summary>
    public async Task WaitAsync(TimeSpan interval, TimeSpan settleTime, CancellationToken cancellationToken)
    {
        using (var periodic = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            periodic.CancelAfter(interval);
            try
            {
                await _events.Reader.WaitToReadAsync(periodic.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }

        await Task.Delay(settleTime, cancellationToken).ConfigureAwait(false);
        while (_events.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>
    /// Watches <paramref name="directory"/> (not a file in it: editors and <c>mv</c> replace files,
    /// which a watch on the file itself would miss). Null when it cannot be watched; the
    /// periodic rescan still runs.
    /// </summary>
    public FileSystemWatcher? Watch(string directory, ILogger logger)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var watcher = new FileSystemWatcher(directory)
        {
            IncludeSubdirectories = false,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite |
                           NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
        };
        watcher.Created += (_, _) => Notify();
        watcher.Changed += (_, _) => Notify();
        watcher.Deleted += (_, _) => Notify();
        watcher.Renamed += (_, _) => Notify();
        watcher.Error += (_, _) => Notify();
        try
        {
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Typically the inotify instance limit: slower (periodic) but still correct.
            EndpointLog.CannotWatch(logger, directory, e.Message);
            watcher.Dispose();
            return null;
        }
    }
}
