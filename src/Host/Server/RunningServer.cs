using PacketCapture.Actors.Configuration;

namespace PacketCapture.Host.Server;

/// <summary>A started member and API. Dispose (or <see cref="StopAsync"/>) shuts it down cleanly:
/// captures stop, files are closed, the journal is consistent.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    /// <summary>Where the API listens (the real port when 0 was asked for).</summary>
    public Uri BaseAddress => throw new NotImplementedException();

    /// <summary>The admin token (generated on first start under the data directory).</summary>
    public string AdminToken => throw new NotImplementedException();

    /// <summary>The captures, for in-process callers (the demo).</summary>
    public ICaptureService Captures => throw new NotImplementedException();

    /// <summary>The parsed settings in effect.</summary>
    public PacketCaptureSettings Settings => throw new NotImplementedException();

    /// <summary>Completes when the server has stopped (SIGTERM, Ctrl-C, or <see cref="StopAsync"/>).</summary>
    public Task Stopped => throw new NotImplementedException();

    /// <summary>Stops the API, then the member (coordinated shutdown).</summary>
    public Task StopAsync() => throw new NotImplementedException();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
