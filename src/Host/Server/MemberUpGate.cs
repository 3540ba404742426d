using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Server;

/// <summary>A hosted service started after the actor system and before Kestrel: the host's start
/// (and so the API) waits until the member is Up and its region exists.</summary>
internal sealed class MemberUpGate(MemberStartup startup, JournalProbe journal, IHostApplicationLifetime lifetime, ILogger<MemberUpGate> logger)
    : IHostedService
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Akka.Hosting logs and stops the application instead of throwing when the system cannot start.
        using var stopping = lifetime.ApplicationStopping.Register(
            () => startup.Fail(new ServerStartException("the actor system stopped while starting (see the log above)")));
        try
        {
            await startup.Up.WaitAsync(Deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new ServerStartException($"the cluster member was not Up within {Deadline.TotalSeconds:0}s", e);
        }

        // The journal's first query pays for its plugin's start and query compilation (seconds on
        // a cold process); pay it here so /readyz's 2 s probe measures the database, not start-up.
        // A journal that is down does not stop the start: /readyz says so until it is back.
        var warm = await journal.ProbeAsync(WarmUp, cancellationToken).ConfigureAwait(false);
        if (!warm.Ok)
        {
            logger.LogWarning("journal not ready at start: {Problem}", warm.Problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
