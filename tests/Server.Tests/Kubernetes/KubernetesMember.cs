using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;
using PacketCapture.Server.Tests.Server;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

/// <summary>
/// A real in-process member in Kubernetes mode pointed at a <see cref="FakeApiServer"/>, with a
/// recorder of every command the watcher sends and every status patch the writer completes.
/// </summary>
internal sealed class KubernetesMember : IAsyncDisposable
{
    public static readonly ApiTarget Captures = ApiTarget.Of("projectcalico.org/v3", "packetcaptures");

    private readonly TempDirectory _temp;
    private readonly ConcurrentQueue<KubernetesCommandSent> _sent;

    private KubernetesMember(FakeApiServer api, RunningServer server, TempDirectory temp, ConcurrentQueue<KubernetesCommandSent> sent, ServerOptions options)
    {
        Api = api;
        Server = server;
        _temp = temp;
        _sent = sent;
        Options = options;
    }

    public FakeApiServer Api { get; }

    public RunningServer Server { get; }

    public ServerOptions Options { get; }

    public ActorSystem System => Server.Services.GetRequiredService<ActorSystem>();

    /// <summary>The applies and deletes the watcher sent, in order.</summary>
    public IReadOnlyList<ICaptureCommand> Commands => [.. _sent.Select(s => s.Command).OfType<ICaptureCommand>()];

    /// <summary>The captures whose CR status was patched, one entry per successful patch.</summary>
    public IReadOnlyList<CaptureKey> StatusPatches => [.. _sent.Select(s => s.StatusPatched).OfType<CaptureKey>()];

    /// <summary>Starts the fake API server and the member; <paramref name="endpoints"/> null means netns discovery.</summary>
    public static async Task<KubernetesMember> StartAsync(IEndpointSource? endpoints, string statusInterval = "300ms")
    {
        var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Path);
        var config = temp.File("kubernetes.conf");
        await File.WriteAllTextAsync(config, $$"""
            akka.cluster.roles = ["capture"]
            packetcapture.kubernetes {
              backoff-min = 100ms
              backoff-max = 1s
              status-interval = {{statusInterval}}
            }
            """);
        var api = await FakeApiServer.StartAsync();
        var options = new ServerOptions
        {
            DataDirectory = temp.File("data"),
            Listen = "127.0.0.1:0",
            NodeName = "node-a",
            ConfigFile = config,
            Kubernetes = new KubernetesOptions { ApiUrl = api.BaseAddress.ToString() },
        };
        var sent = new ConcurrentQueue<KubernetesCommandSent>();
        RunningServer server;
        try
        {
            server = await PacketCaptureServer.StartAsync(options, endpoints);
        }
        catch
        {
            await api.DisposeAsync();
            temp.Dispose();
            throw;
        }

        var system = server.Services.GetRequiredService<ActorSystem>();
        var recorder = system.ActorOf(Props.Create(() => new Recorder(sent)));
        system.EventStream.Subscribe(recorder, typeof(KubernetesCommandSent));
        return new KubernetesMember(api, server, temp, sent, options);
    }

    public static JsonObject Resource(string ns, string name, JsonObject spec) => new()
    {
        ["apiVersion"] = "projectcalico.org/v3",
        ["kind"] = "PacketCapture",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["spec"] = spec,
    };

    public JsonObject Create(string ns, string name, JsonObject spec) =>
        Api.Store.Create(Captures with { Namespace = ns }, Resource(ns, name, spec));

    public JsonObject ChangeSpec(string ns, string name, JsonObject spec) =>
        Api.Store.Change(Captures.WithName(ns, name), current =>
        {
            current["spec"] = spec;
            return current;
        });

    public JsonObject Delete(string ns, string name) => Api.Store.Delete(Captures.WithName(ns, name));

    public JsonObject? Find(string ns, string name) => Api.Store.Find(Captures.WithName(ns, name));

    public CaptureReply Get(string ns, string name) =>
        Server.Captures.SendAsync(new GetCapture(new CaptureKey(ns, name), new Requester("test", RequestSource.Cli)), CancellationToken.None)
            .GetAwaiter().GetResult();

    /// <summary>The capture's view once it exists and <paramref name="condition"/> holds.</summary>
    public CaptureView WaitFor(string ns, string name, Func<CaptureView, bool> condition, string what, int timeoutMs = 60_000)
    {
        CaptureView? view = null;
        Poll.Until(Throttled(() => Get(ns, name) is CaptureSucceeded s && condition(view = s.View)), what, timeoutMs);
        return view!;
    }

    /// <summary>At most one real check per 50 ms: each is a round trip through the member, and the machine is shared.</summary>
    public static Func<bool> Throttled(Func<bool> check)
    {
        var last = global::System.Diagnostics.Stopwatch.StartNew();
        var first = true;
        return () =>
        {
            if (!first && last.ElapsedMilliseconds < 50)
            {
                return false;
            }

            first = false;
            last.Restart();
            return check();
        };
    }

    public void WaitForCommands(int count, string what) => Poll.Until(() => _sent.Count(s => s.Command is not null) >= count, what, 60_000);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            await Api.DisposeAsync();
            _temp.Dispose();
        }
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<KubernetesCommandSent> sent) => Receive<KubernetesCommandSent>(sent.Enqueue);
    }
}
