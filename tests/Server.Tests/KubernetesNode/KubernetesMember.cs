using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;
using PacketCapture.Server.Tests.Server;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>
/// A real member started as <c>serve --kube-api</c> starts it, against a fake API server on loopback:
/// its endpoints are the fake's pods of node <see cref="NodeName"/>, it joins through seed discovery,
/// and its API asks the fake's TokenReview/SubjectAccessReview handlers, which answer from
/// <see cref="Users"/> and <see cref="Grants"/> and record every review.
/// </summary>
public sealed class KubernetesMember : IAsyncLifetime
{
    public const string NodeName = "node-k1";
    public const string SeedNamespace = "pc-system";

    /// <summary>Bearer token → (user, groups) the TokenReview authenticates; any other token is not authenticated.</summary>
    public static readonly IReadOnlyDictionary<string, (string User, string[] Groups)> Users = new Dictionary<string, (string, string[])>
    {
        ["tok-alice"] = ("alice", ["team-a-devs"]),
        ["tok-bob"] = ("bob", ["viewers"]),
        ["tok-dave"] = ("dave", []),
        ["tok-erin"] = ("erin", []),
        ["tok-carol"] = ("carol", ["cluster-viewers"]),
    };

    /// <summary>What the SubjectAccessReview allows: group → (namespace, resource[/subresource], verbs); namespace <c>*</c> is a
    /// ClusterRoleBinding (every namespace, and the cluster-wide review with no namespace). Nothing else.</summary>
    private static readonly (string Group, string Namespace, string Resource, string[] Verbs)[] Grants =
    [
        ("team-a-devs", "team-a", "packetcaptures", ["get", "list", "create", "update", "delete"]),
        ("team-a-devs", "team-a", "packetcaptures/files", ["get", "delete"]),
        ("viewers", "team-b", "packetcaptures", ["get", "list"]),
        ("viewers", "team-b", "packetcaptures/files", ["get"]),
        ("cluster-viewers", "*", "packetcaptures", ["list"]),
    ];

    private readonly TempDirectory _temp = new();
    private readonly List<JsonObject> _accessReviews = [];

    public FakeApiServer Api { get; private set; } = null!;

    public RunningServer Server { get; private set; } = null!;

    public string CaptureDirectory => Server.Settings.Node.CaptureDirectory;

    /// <summary>The spec of every SubjectAccessReview received, in order.</summary>
    public IReadOnlyList<JsonObject> AccessReviews
    {
        get
        {
            lock (_accessReviews)
            {
                return [.. _accessReviews];
            }
        }
    }

    public async Task InitializeAsync()
    {
        Api = await FakeApiServer.StartAsync();
        Api.TokenReviews = TokenReview;
        Api.SubjectAccessReviews = SubjectAccessReview;
        Directory.CreateDirectory(_temp.Path);
        var config = Path.Combine(_temp.Path, "member.conf");
        await File.WriteAllTextAsync(config, $"""
            packetcapture.kubernetes-node.seed-namespace = "{SeedNamespace}"
            packetcapture.node.status-report-interval = 100ms
            akka.loglevel = WARNING
            """);
        Server = await PacketCaptureServer.StartAsync(new ServerOptions
        {
            DataDirectory = Path.Combine(_temp.Path, "data"),
            Listen = "127.0.0.1:0",
            NodeName = NodeName,
            ConfigFile = config,
            LogFormat = "plain",
            Kubernetes = new KubernetesOptions { ApiUrl = Api.BaseAddress.ToString() },
        });
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        _temp.Dispose();
    }

    /// <summary>A client with <paramref name="token"/> (the member's admin token when null).</summary>
    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Server.AdminToken);
        return client;
    }

    public static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static JsonObject TokenReview(JsonObject review)
    {
        var token = review["spec"]?["token"]?.GetValue<string>() ?? "";
        review["status"] = Users.TryGetValue(token, out var user)
            ? new JsonObject
            {
                ["authenticated"] = true,
                ["user"] = new JsonObject
                {
                    ["username"] = user.User,
                    ["uid"] = $"uid-{user.User}",
                    ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g), "system:authenticated"]),
                },
            }
            : new JsonObject { ["authenticated"] = false, ["error"] = "token not found" };
        return review;
    }

    private JsonObject SubjectAccessReview(JsonObject review)
    {
        var spec = review["spec"]!.AsObject();
        lock (_accessReviews)
        {
            _accessReviews.Add((JsonObject)spec.DeepClone());
        }

        var groups = spec["groups"]?.AsArray().Select(g => g!.GetValue<string>()).ToHashSet() ?? [];
        var attributes = spec["resourceAttributes"]!;
        var resource = attributes["resource"]!.GetValue<string>() +
                       (attributes["subresource"]?.GetValue<string>() is { Length: > 0 } sub ? "/" + sub : "");
        var ns = attributes["namespace"]?.GetValue<string>() ?? "";
        var verb = attributes["verb"]!.GetValue<string>();
        var allowed = attributes["group"]?.GetValue<string>() == KubernetesApiAccess.Group &&
                      Grants.Any(g => groups.Contains(g.Group) && (g.Namespace == "*" || g.Namespace == ns) && g.Resource == resource && g.Verbs.Contains(verb));
        review["status"] = new JsonObject { ["allowed"] = allowed };
        return review;
    }
}
