using System.Net;
using System.Text.Json;

namespace PacketCapture.Server.Tests.Api;

/// <summary>
/// Users × namespaces × verbs × resources against the real server and the fixture's token file:
/// alice has everything in team-a; bob reads and downloads in team-b; carol may only get, anywhere.
/// A denied resource request is 403, a denied files request 401 (as the reference does), and an
/// unknown or missing token 401; each denial names the user and the verb.
/// </summary>
public sealed class AuthorizationMatrixTests(ApiServer server) : IClassFixture<ApiServer>
{
    private static readonly string[] Actions = ["get", "list", "create", "update", "delete", "download", "clean"];

    // Expected status per action, in the order of Actions. Written out, not derived from the policy under test.
    private static readonly Dictionary<(string User, string Ns), int[]> Expected = new()
    {
        [("admin", "team-a")] = [200, 200, 201, 200, 200, 204, 200],
        [("admin", "team-b")] = [200, 200, 201, 200, 200, 204, 200],
        [("alice", "team-a")] = [200, 200, 201, 200, 200, 204, 200],
        [("alice", "team-b")] = [403, 403, 403, 403, 403, 401, 401],
        [("bob", "team-a")] = [403, 403, 403, 403, 403, 401, 401],
        [("bob", "team-b")] = [200, 200, 403, 403, 403, 204, 401],
        [("carol", "team-a")] = [200, 403, 403, 403, 403, 401, 401],
        [("carol", "team-b")] = [200, 403, 403, 403, 403, 401, 401],
        [("stranger-token", "team-a")] = [401, 401, 401, 401, 401, 401, 401],
        [("", "team-b")] = [401, 401, 401, 401, 401, 401, 401],
    };

    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var ((user, ns), codes) in Expected)
        {
            for (var i = 0; i < Actions.Length; i++)
            {
                data.Add(user, ns, Actions[i], codes[i]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_user_gets_exactly_what_its_rules_allow(string user, string ns, string action, int expected)
    {
        using var admin = server.Client();
        using var client = server.Client(user.Length == 0 ? null : user);
        await EnsureAsync(admin, ns, "shared");
        var collection = $"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures";
        var suffix = user.Length == 0 ? "anonymous" : user.Split('-')[0];

        HttpResponseMessage response;
        switch (action)
        {
            case "get":
                response = await client.GetAsync($"{collection}/shared");
                break;
            case "list":
                response = await client.GetAsync(collection);
                break;
            case "create":
                response = await client.PostAsync(collection, ApiServer.Yaml(Doc(ns, $"new-{suffix}")));
                using (var created = await admin.GetAsync($"{collection}/new-{suffix}"))
                {
                    Assert.Equal(expected == 201 ? HttpStatusCode.OK : HttpStatusCode.NotFound, created.StatusCode);
                }

                (await admin.DeleteAsync($"{collection}/new-{suffix}")).Dispose();
                break;
            case "update":
                response = await client.PutAsync($"{collection}/shared", ApiServer.Yaml(Doc(ns, "shared")));
                break;
            case "delete":
                await EnsureAsync(admin, ns, $"victim-{suffix}");
                response = await client.DeleteAsync($"{collection}/victim-{suffix}");
                using (var still = await admin.GetAsync($"{collection}/victim-{suffix}"))
                {
                    Assert.Equal(expected == 200 ? HttpStatusCode.NotFound : HttpStatusCode.OK, still.StatusCode);
                }

                (await admin.DeleteAsync($"{collection}/victim-{suffix}")).Dispose();
                break;
            case "download":
                response = await client.GetAsync($"/download/{ns}/shared/files.zip");
                break;
            case "clean":
                response = await client.DeleteAsync($"/files/{ns}/shared");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(expected == (int)response.StatusCode, $"{user} {action} in {ns}: expected {expected}, got {(int)response.StatusCode}: {body}");
            if (expected is 401 or 403)
            {
                var status = JsonDocument.Parse(body).RootElement;
                Assert.Equal(expected == 401 ? "Unauthorized" : "Forbidden", status.GetProperty("reason").GetString());
                if (ApiServer.Tokens.ContainsKey(user))
                {
                    var message = status.GetProperty("message").GetString()!;
                    Assert.Contains($"user \"{user}\"", message, StringComparison.Ordinal);
                    Assert.Contains(VerbOf(action), message, StringComparison.Ordinal);
                    Assert.Contains(ns, message, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
                }
            }
            else if (action is "get" or "list")
            {
                // What a user may see is never another namespace's capture.
                Assert.DoesNotContain(ns == "team-a" ? "team-b" : "team-a", body, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("admin", new[] { "team-a", "team-b" }, 200)]
    [InlineData("alice", new[] { "team-a" }, 200)]
    [InlineData("bob", new[] { "team-b" }, 200)]
    [InlineData("carol", new string[0], 403)]
    [InlineData("stranger-token", new string[0], 401)]
    public async Task All_namespaces_list_shows_only_namespaces_the_user_may_list(string user, string[] visible, int expected)
    {
        using var admin = server.Client();
        await EnsureAsync(admin, "team-a", "shared");
        await EnsureAsync(admin, "team-b", "shared");
        using var client = server.Client(user);
        using var response = await client.GetAsync("/apis/projectcalico.org/v3/packetcaptures");
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected != 200)
        {
            return;
        }

        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var namespaces = list.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("metadata").GetProperty("namespace").GetString()!)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(visible, namespaces);
    }

    private static string VerbOf(string action) => action switch
    {
        "download" => "get",
        "clean" => "delete",
        _ => action,
    };

    private static string Doc(string ns, string name) =>
        $"apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  selector: app == 'none'\n";

    private static async Task EnsureAsync(HttpClient admin, string ns, string name)
    {
        using var existing = await admin.GetAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures/{name}");
        if (existing.StatusCode == HttpStatusCode.OK)
        {
            return;
        }

        using var created = await admin.PostAsync($"/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures", ApiServer.Yaml(Doc(ns, name)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }
}
