using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PacketCapture.TestSupport.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

/// <summary>The fake API server against the real KubernetesClient: it must speak what the client expects.</summary>
public sealed class FakeApiServerTests : IAsyncLifetime
{
    private const string Group = "projectcalico.org";
    private const string Version = "v3";
    private const string Plural = "packetcaptures";

    private FakeApiServer _server = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync(historyLimit: 50);
        _client = new k8s.Kubernetes(new KubernetesClientConfiguration
        {
            Host = _server.BaseAddress.ToString().TrimEnd('/'),
            AccessToken = "test-token",
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Created_capture_is_listed_in_all_namespaces_with_list_kind_and_resource_version()
    {
        await CreateAsync("ns1", "a", "all()");
        await CreateAsync("ns2", "b", "app == 'x'");

        var list = await _client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(Group, Version, Plural);
        var inOne = await _client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(Group, Version, "ns2", Plural);

        Assert.Equal("PacketCaptureList", list.GetProperty("kind").GetString());
        Assert.Equal(_server.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            list.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        Assert.Equal(["a", "b"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Equal(["b"], inOne.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
        Assert.Equal(1, list.GetProperty("items")[0].GetProperty("metadata").GetProperty("generation").GetInt64());
        Assert.Equal("Bearer test-token", _server.Requests.Last().Authorization);
        Assert.Equal(2, _server.Count("create"));
        Assert.Equal(2, _server.Count("list"));
    }

    [Fact]
    public async Task Watch_streams_added_modified_deleted_and_bookmarks_in_order()
    {
        var events = new List<(WatchEventType Type, string Name, string Version)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watching = Task.Run(async () =>
        {
            await foreach (var (type, item) in _client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                               Group, Version, Plural, allowWatchBookmarks: true, resourceVersion: "0", cancellationToken: stop.Token))
            {
                var json = (JsonElement)item;
                var metadata = json.GetProperty("metadata");
                lock (events)
                {
                    events.Add((type, metadata.TryGetProperty("name", out var n) ? n.GetString()! : "", metadata.GetProperty("resourceVersion").GetString()!));
                }
            }
        });
        Poll.Until(() => _server.Store.OpenWatches == 1, "the watch to open", 30_000);

        await CreateAsync("ns1", "a", "all()");
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"selector":"app == 'y'"}}""", V1Patch.PatchType.MergePatch), Group, Version, "ns1", Plural, "a");
        _server.SendBookmark();
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, "ns1", Plural, "a");
        Poll.Until(() => Count(events) == 4, "four watch events", 30_000);
        _server.DropWatches();
        await watching.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(events.Select(e => long.Parse(e.Version, System.Globalization.CultureInfo.InvariantCulture)).Order(), events.Select(e => long.Parse(e.Version, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Watch_from_a_resource_version_replays_what_came_after_it()
    {
        var first = await CreateAsync("ns1", "a", "all()");
        await CreateAsync("ns1", "b", "all()");
        await CreateAsync("ns1", "c", "all()");
        var from = first["metadata"]!["resourceVersion"]!.GetValue<string>();

        var names = await CollectAsync(from, expected: 2);

        Assert.Equal(["b", "c"], names);
    }

    [Fact]
    public async Task Watch_from_an_expired_resource_version_gets_410_expired()
    {
        var first = await CreateAsync("ns1", "a", "all()");
        await CreateAsync("ns1", "b", "all()");
        _server.ExpireHistory();
        var errors = new List<Exception>();

        await foreach (var _ in _client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                           Group, Version, Plural, resourceVersion: first["metadata"]!["resourceVersion"]!.GetValue<string>(),
                           onError: errors.Add))
        {
            Assert.Fail("no event may arrive from an expired resourceVersion");
        }

        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
    }

    [Fact]
    public async Task Status_patch_changes_only_status_and_object_patch_never_changes_status()
    {
        await CreateAsync("ns1", "a", "all()");

        await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("""{"spec":{"selector":"hacked"},"status":{"files":[{"node":"n1","fileNames":["x.pcap"],"state":"Capturing"}]}}""", V1Patch.PatchType.MergePatch),
            Group, Version, "ns1", Plural, "a");
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"status":null,"metadata":{"labels":{"team":"blue"}}}""", V1Patch.PatchType.MergePatch), Group, Version, "ns1", Plural, "a");
        var afterLabel = await GetAsync("a");
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""[{"op":"replace","path":"/spec/selector","value":"app == 'z'"}]""", V1Patch.PatchType.JsonPatch), Group, Version, "ns1", Plural, "a");
        var afterSpec = await GetAsync("a");

        Assert.Equal("all()", afterLabel["spec"]!["selector"]!.GetValue<string>());
        Assert.Equal("Capturing", afterLabel["status"]!["files"]![0]!["state"]!.GetValue<string>());
        Assert.Equal("blue", afterLabel["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(1, afterLabel["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("app == 'z'", afterSpec["spec"]!["selector"]!.GetValue<string>());
        Assert.Equal(2, afterSpec["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("Capturing", afterSpec["status"]!["files"]![0]!["state"]!.GetValue<string>());
        Assert.Equal(1, _server.Count("patch", "/status"));
    }

    [Fact]
    public async Task Replace_with_a_stale_resource_version_is_a_409_conflict()
    {
        var created = await CreateAsync("ns1", "a", "all()");
        await _client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch("""{"spec":{"selector":"app == 'y'"}}""", V1Patch.PatchType.MergePatch), Group, Version, "ns1", Plural, "a");
        created["spec"]!["selector"] = "app == 'stale'";

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, "ns1", Plural, "a"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", error.Response.Content, StringComparison.Ordinal);
        Assert.Equal("app == 'y'", (await GetAsync("a"))["spec"]!["selector"]!.GetValue<string>());
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_a_404_status()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "ns1", Plural, "nope"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pods_are_listed_by_node_name_field_selector_and_label_selector()
    {
        foreach (var (name, node, app) in new[] { ("p1", "node-a", "web"), ("p2", "node-b", "web"), ("p3", "node-a", "db") })
        {
            await _client.CoreV1.CreateNamespacedPodAsync(new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = app } },
                Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Image = "i" }] },
            }, "default");
        }

        var onNodeA = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-a");
        var webOnNodeA = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=node-a", labelSelector: "app=web");

        Assert.Equal(["p1", "p3"], onNodeA.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["p1"], webOnNodeA.Items.Select(p => p.Metadata.Name));
        Assert.Equal("PodList", onNodeA.Kind);
    }

    [Fact]
    public async Task Token_review_goes_to_the_pluggable_handler()
    {
        _server.TokenReviews = review =>
        {
            review["status"] = new JsonObject
            {
                ["authenticated"] = review["spec"]!["token"]!.GetValue<string>() == "good",
                ["user"] = new JsonObject { ["username"] = "alice" },
            };
            return review;
        };

        var answer = await _client.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = "good" } });

        Assert.True(answer.Status.Authenticated);
        Assert.Equal("alice", answer.Status.User.Username);
        Assert.Equal(1, _server.Count("create", "tokenreviews"));
    }

    [Fact]
    public async Task Injected_failure_answers_once_then_the_request_works()
    {
        await CreateAsync("ns1", "a", "all()");
        _server.FailNext("get", 500);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => GetAsync("a"));
        var again = await GetAsync("a");

        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.Equal("a", again["metadata"]!["name"]!.GetValue<string>());
    }

    private static int Count<T>(List<T> items)
    {
        lock (items)
        {
            return items.Count;
        }
    }

    private async Task<List<string>> CollectAsync(string from, int expected)
    {
        var names = new List<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var (_, item) in _client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                           Group, Version, Plural, resourceVersion: from, cancellationToken: stop.Token))
        {
            names.Add(((JsonElement)item).GetProperty("metadata").GetProperty("name").GetString()!);
            if (names.Count == expected)
            {
                break;
            }
        }

        return names;
    }

    private async Task<JsonObject> CreateAsync(string ns, string name, string selector)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "projectcalico.org/v3",
            ["kind"] = "PacketCapture",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject { ["selector"] = selector },
        };
        var created = await _client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonElement>(body, Group, Version, ns, Plural);
        return JsonNode.Parse(created.GetRawText())!.AsObject();
    }

    private async Task<JsonObject> GetAsync(string name)
    {
        var item = await _client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, "ns1", Plural, name);
        return JsonNode.Parse(item.GetRawText())!.AsObject();
    }
}
