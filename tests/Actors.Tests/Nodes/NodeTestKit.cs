using Akka.Actor;
using Akka.TestKit;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Tests.Nodes;

/// <summary>A test kit on virtual time with a temporary capture directory and scripted sessions.</summary>
public abstract class NodeTestKit : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.loglevel = WARNING
        """;

    protected NodeTestKit()
        : base(Config)
    {
        Root = Path.Combine(Path.GetTempPath(), "pc-nodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Settings = new NodeSettings
        {
            NodeName = "node-a",
            CaptureDirectory = Root,
            RotationInterval = TimeSpan.FromMinutes(1),
            CountersInterval = TimeSpan.FromSeconds(5),
            StatusReportInterval = TimeSpan.FromMilliseconds(200),
        };
        Sessions = new ScriptedSessionFactory(() => Sys.Scheduler.Now);
    }

    protected string Root { get; }

    protected NodeSettings Settings { get; set; }

    internal ScriptedSessionFactory Sessions { get; }

    protected TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    /// <summary>Returns once <paramref name="actor"/> has processed every message sent to it before.</summary>
    protected async Task SyncAsync(IActorRef actor) =>
        await actor.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5));

    protected string CaptureDirectory(string ns, string name) => Path.Combine(Root, ns, name);

    protected string WriteFile(string ns, string name, string fileName)
    {
        var directory = CaptureDirectory(ns, name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, [0xd4, 0xc3, 0xb2, 0xa1]);
        return path;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
