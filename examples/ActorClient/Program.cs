using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using PacketCapture.ActorClient;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;

// The actor-API example (docs/ACTOR-API.md): join as a client, drive one capture, leave.
try
{
    var options = ClientOptions.Parse(args);
    var resource = ReadResource(options.ResourceFile);

    // Everything a client needs is in PacketCaptureConfig.Client; add the seeds. The system name
    // must be the members' (`packetcapture`): a cluster is one name.
    var config = ConfigurationFactory.ParseString($"""
        akka.cluster.seed-nodes = ["{options.Seed}"]
        akka.loglevel = WARNING
        """).WithFallback(PacketCaptureConfig.Client);
    var system = ActorSystem.Create("packetcapture", config);
    try
    {
        await JoinAsync(system).ConfigureAwait(false);
        var self = Cluster.Get(system);
        Console.WriteLine($"joined {self.SelfAddress} as {string.Join(',', self.SelfRoles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal)))}");
        var region = CaptureRegion.StartProxy(system);
        return await new CaptureWalkthrough(system, region, options, Console.Out).RunAsync(resource).ConfigureAwait(false);
    }
    finally
    {
        // Leave the cluster, so members forget this client at once instead of marking it unreachable.
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
    }
}
catch (ClientException e)
{
    Console.Error.WriteLine($"actor-client: {e.Message}");
    return e.ExitCode;
}
catch (Exception e) when (e is AskTimeoutException or TimeoutException)
{
    // The subscription or the list was not answered: members unreachable or still starting.
    Console.Error.WriteLine($"actor-client: the cluster did not answer in time: {e.Message}");
    return ExitCodes.Unavailable;
}

static PacketCaptureResource ReadResource(string path)
{
    string text;
    try
    {
        text = File.ReadAllText(path);
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        throw new ClientException($"-f {path}: {e.Message}", ExitCodes.Usage);
    }

    try
    {
        var document = ResourceReader.ReadSingle(text);
        return document.IsValid
            ? document.Resource!
            : throw new ClientException($"{path}: {string.Join("; ", document.Errors)}", ExitCodes.Usage);
    }
    catch (DocumentFormatException e)
    {
        throw new ClientException($"{path}: {e.Message}", ExitCodes.Usage);
    }
}

static async Task JoinAsync(ActorSystem system)
{
    var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
    try
    {
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }
    catch (TimeoutException)
    {
        throw new ClientException("could not join the cluster within 30s: is a member running at the seed address?", ExitCodes.Unavailable);
    }
}
