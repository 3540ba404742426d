using Microsoft.AspNetCore.Builder;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Host.Server;

/// <summary>A started member and API. Dispose (or <see cref="StopAsync"/>) shuts it down cleanly:
/// captures stop, files are closed, the journal is consistent.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Task? _stopping;

    internal RunningServer(WebApplication app, Uri baseAddress, string adminToken, ICaptureService captures, PacketCaptureSettings settings)
    {
        _app = app;
        BaseAddress = baseAddress;
        AdminToken = adminToken;
        Captures = captures;
        Settings = settings;

        // SIGTERM, Ctrl-C (the host's console lifetime) or the actor system ending on its own
        // (Akka.Hosting) all ask the application to stop: run the one shutdown path.
        app.Lifetime.ApplicationStopping.Register(() => _ = StopAsync());
    }

    /// <summary>Where the API listens (the real port when 0 was asked for).</summary>
    public Uri BaseAddress { get; }

    /// <summary>The admin token (generated on first start under the data directory).</summary>
    public string AdminToken { get; }

    /// <summary>The captures, for in-process callers (the demo).</summary>
    public ICaptureService Captures { get; }

    /// <summary>The parsed settings in effect.</summary>
    public PacketCaptureSettings Settings { get; }

    /// <summary>The host's services (the actor system among them), for in-process tests and tools.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Completes when the server has stopped (SIGTERM, Ctrl-C, or <see cref="StopAsync"/>).</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Stops the API, then the member (coordinated shutdown).</summary>
    public Task StopAsync()
    {
        lock (_lock)
        {
            // Off the caller's thread: ApplicationStopping callbacks run inside the host's own stop.
            return _stopping ??= Task.Run(StopOnceAsync);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopOnceAsync()
    {
        try
        {
            // Hosted services stop in reverse start order: Kestrel (the API) first, then the actor
            // system's coordinated shutdown (capture sessions close their files, the cluster is left).
            await _app.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _stopped.TrySetResult();
        }
    }
}
