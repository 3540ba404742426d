using Microsoft.Extensions.Hosting;

namespace PacketCapture.Host.Server;

/// <summary>A hosted service started after the actor system and before Kestrel: the host's start
/// (and so the API) waits until the member is Up and its region exists.</summary>
internal sealed class MemberUpGate(MemberStartup startup, IHostApplicationLifetime lifetime) : IHostedService
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
