using System.Net;
using System.Text.Json.Nodes;

namespace PacketCapture.Server.Tests.KubernetesNode;

/// <summary>
/// The HTTP API of a member in Kubernetes mode: tokens are checked with TokenReview and each request
/// with a SubjectAccessReview (packetcaptures, packetcaptures/files as subresource files), with the
/// standalone rules: 401 for an unknown token or a denied files request, 403 for a denied resource
/// request, each naming user and verb; an API server that cannot answer makes a 503, never a 200.
/// </summary>
public sealed class KubernetesAuthorizationTests(KubernetesMember member) : IClassFixture<KubernetesMember>
{
    private static readonly string[] Actions = ["get", "list", "create", "delete", "download", "clean"];

    // Written out from the fake's grants, not derived from the code under test.
    private static readonly Dictionary<(string Token, string Ns), int[]> Expected = new()
    {
        [("tok-alice", "team-a")] = [200, 200, 201, 200, 204, 200],
        [("tok-alice", "team-b")] = [403, 403, 403, 403, 401, 401],
        [("tok-bob", "team-b")] = [200, 200, 403, 403, 204, 401],
        [("tok-bob", "team-a")] = [403, 403, 403, 403, 401, 401],
        [("tok-nobody", "team-a")] = [401, 401, 401, 401, 401, 401],
    };

    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var ((token, ns), codes) in Expected)
        {
            for (var i = 0; i < Actions.Length; i++)
            {
                data.Add(token, ns, Actions[i], codes[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_reviewed_user_gets_exactly_what_the_subject_access_review_allows(string token, string ns, string action, int expected)
    {
        using var admin = member.Client();
        using var client = member.Client(token);
        await EnsureAsync(admin, ns, "shared");
        var collection = $"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures";
        var suffix = token[4..];

        using var response = action switch
        {
            "get" => await client.GetAsync($"{collection}/shared"),
            "list" => await client.GetAsync(collection),
            "create" => await client.PostAsync(collection, KubernetesMember.Yaml(Doc(ns, $"new-{suffix}"))),
            "delete" => await DeleteVictimAsync(admin, client, ns, $"victim-{suffix}"),
            "download" => await client.GetAsync($"/download/{ns}/shared/files.zip"),
            _ => await client.DeleteAsync($"/files/{ns}/shared"),
        };
        var body = await response.Content.ReadAsStringAsync();
        (await admin.DeleteAsync($"{collection}/new-{suffix}")).Dispose();

        Assert.True(expected == (int)response.StatusCode, $"{token} {action} in {ns}: expected {expected}, got {(int)response.StatusCode} {body}");
        if (expected is 401 or 403 && token != "tok-nobody")
        {
            var user = token[4..];
            var verb = action switch { "download" => "get", "clean" => "delete", _ => action };
            Assert.Contains($"user \"{user}\" cannot {verb}", Message(body), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reviews_name_the_group_resource_subresource_namespace_name_verb_and_the_reviewed_identity()
    {
        using var admin = member.Client();
        using var alice = member.Client("tok-alice");
        await EnsureAsync(admin, "team-a", "reviewed");

        (await alice.GetAsync("/download/team-a/reviewed/files.zip")).Dispose();
        (await alice.GetAsync("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures/reviewed")).Dispose();

        var files = member.AccessReviews.Last(r => r["resourceAttributes"]?["name"]?.GetValue<string>() == "reviewed" &&
                                                   r["resourceAttributes"]?["subresource"]?.GetValue<string>() == "files");
        var resource = member.AccessReviews.Last(r => r["resourceAttributes"]?["name"]?.GetValue<string>() == "reviewed" &&
                                                      r["resourceAttributes"]?["subresource"] is null);
        Assert.Equal(
            """{"group":"projectcalico.org","name":"reviewed","namespace":"team-a","resource":"packetcaptures","subresource":"files","verb":"get","version":"v3"}""",
            Sorted(files["resourceAttributes"]!));
        Assert.Equal("packetcaptures", resource["resourceAttributes"]!["resource"]!.GetValue<string>());
        Assert.Equal("get", resource["resourceAttributes"]!["verb"]!.GetValue<string>());
        Assert.Equal("alice", files["user"]!.GetValue<string>());
        Assert.Equal("uid-alice", files["uid"]!.GetValue<string>());
        Assert.Equal(["team-a-devs", "system:authenticated"], files["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task A_burst_of_requests_costs_one_token_review_and_one_access_review()
    {
        using var admin = member.Client();
        using var erin = member.Client("tok-erin");
        await EnsureAsync(admin, "team-b", "burst");
        var tokenReviews = member.Api.Count("create", "tokenreviews");
        var accessReviews = member.Api.Count("create", "subjectaccessreviews");

        var codes = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await erin.GetAsync("/apis/projectcalico.org/v3/namespaces/team-b/packetcaptures/burst");
            return (int)response.StatusCode;
        }));

        Assert.All(codes, c => Assert.Equal(403, c));
        Assert.Equal(tokenReviews + 1, member.Api.Count("create", "tokenreviews"));
        Assert.Equal(accessReviews + 1, member.Api.Count("create", "subjectaccessreviews"));
    }

    [Fact]
    public async Task Api_server_failing_the_token_review_is_a_503_then_the_next_request_is_decided()
    {
        using var dave = member.Client("tok-dave");
        member.Api.FailNext("create", 503, pathContains: "tokenreviews");

        using var failed = await dave.GetAsync("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures");
        var message = await failed.Content.ReadAsStringAsync();
        using var decided = await dave.GetAsync("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Contains("TokenReview answered 503", Message(message), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
    }

    [Fact]
    public async Task Api_server_failing_the_access_review_is_a_503_for_resources_and_files()
    {
        using var admin = member.Client();
        using var alice = member.Client("tok-alice");
        await EnsureAsync(admin, "team-c", "outage");
        (await alice.GetAsync("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures")).Dispose();
        member.Api.FailNext("create", 500, times: 2, pathContains: "subjectaccessreviews");

        using var resource = await alice.GetAsync("/apis/projectcalico.org/v3/namespaces/team-c/packetcaptures/outage");
        using var files = await alice.GetAsync("/download/team-c/outage/files.zip");
        using var decided = await alice.GetAsync("/apis/projectcalico.org/v3/namespaces/team-c/packetcaptures/outage");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, resource.StatusCode);
        Assert.Contains("SubjectAccessReview answered 500", Message(await resource.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, files.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
    }

    [Fact]
    public async Task Listing_all_namespaces_needs_a_cluster_wide_list_as_kubectl_get_all_namespaces_does()
    {
        using var admin = member.Client();
        await EnsureAsync(admin, "team-a", "everywhere");
        await EnsureAsync(admin, "team-b", "everywhere");
        using var alice = member.Client("tok-alice");
        using var carol = member.Client("tok-carol");

        using var refused = await alice.GetAsync("/apis/projectcalico.org/v3/packetcaptures");
        var listed = JsonNode.Parse(await carol.GetStringAsync("/apis/projectcalico.org/v3/packetcaptures"))!;

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("user \"alice\" cannot list packetcaptures in any namespace", Message(await refused.Content.ReadAsStringAsync()));
        var names = listed["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}").ToList();
        Assert.Contains("team-a/everywhere", names);
        Assert.Contains("team-b/everywhere", names);
        Assert.Contains(member.AccessReviews, r => r["user"]!.GetValue<string>() == "carol" &&
                                                   r["resourceAttributes"]!["namespace"]!.GetValue<string>() == "" &&
                                                   r["resourceAttributes"]!["verb"]!.GetValue<string>() == "list");
    }

    [Fact]
    public async Task The_members_own_admin_token_works_without_asking_the_api_server()
    {
        using var admin = member.Client();
        var before = member.Api.Count("create", "tokenreviews");

        using var response = await admin.GetAsync("/apis/projectcalico.org/v3/packetcaptures");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, member.Api.Count("create", "tokenreviews"));
    }

    private static async Task<HttpResponseMessage> DeleteVictimAsync(HttpClient admin, HttpClient client, string ns, string name)
    {
        await EnsureAsync(admin, ns, name);
        return await client.DeleteAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures/{name}");
    }

    private static async Task EnsureAsync(HttpClient admin, string ns, string name)
    {
        using var existing = await admin.GetAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures/{name}");
        if (existing.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        using var created = await admin.PostAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures", KubernetesMember.Yaml(Doc(ns, name)));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
    }

    private static string Doc(string ns, string name) => $"""
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          selector: app == "nothing-here"
        """;

    private static string Message(string status) => JsonNode.Parse(status)!["message"]!.GetValue<string>();

    private static string Sorted(JsonNode node) =>
        new JsonObject(node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
}
