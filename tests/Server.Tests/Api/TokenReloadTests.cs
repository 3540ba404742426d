using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PacketCapture.Host.Api;

namespace PacketCapture.Server.Tests.Api;

/// <summary>The token file is watched: a new user works without a restart, and a broken file keeps the last good users.</summary>
public sealed class TokenReloadTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string DaveToken = "dave-token-j1k2l3";

    private const string Dave = """

          - name: dave
            token: "dave-token-j1k2l3"
            rules:
              - namespaces: ["team-d"]
                resources: ["packetcaptures"]
                verbs: ["list"]
        """;

    [Fact]
    public async Task A_changed_token_file_is_used_and_a_broken_one_keeps_the_last_good_users()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, ListAsDave());

        // Replaced by a rename, as editors and config tools do.
        var staged = server.TokenFilePath + ".new";
        await File.WriteAllTextAsync(staged, ApiServer.TokenFileTemplate + Dave);
        File.Move(staged, server.TokenFilePath, overwrite: true);
        Poll.Until(() => ListAsDave() == HttpStatusCode.OK, "dave's token to work after the reload");

        var watcher = server.Services.GetRequiredService<TokenFileWatcher>();
        var refusals = watcher.Refusals;
        await File.WriteAllTextAsync(server.TokenFilePath, "users: [");
        Poll.Until(() => watcher.Refusals > refusals, "the broken file to be refused");
        Assert.Equal(HttpStatusCode.OK, ListAsDave());
        using var alice = server.Client("alice");
        using var stillAlice = await alice.GetAsync("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures");
        Assert.Equal(HttpStatusCode.OK, stillAlice.StatusCode);

        await File.WriteAllTextAsync(server.TokenFilePath, ApiServer.TokenFileTemplate);
        Poll.Until(() => ListAsDave() == HttpStatusCode.Unauthorized, "dave's token to stop working once removed");
    }

    private HttpStatusCode ListAsDave()
    {
        using var client = server.Client(DaveToken);
        using var response = client.GetAsync("/apis/projectcalico.org/v3/namespaces/team-d/packetcaptures").GetAwaiter().GetResult();
        return response.StatusCode;
    }
}
