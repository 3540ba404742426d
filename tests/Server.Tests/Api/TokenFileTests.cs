using PacketCapture.Host.Api;
using PacketCapture.Host.Cli;

namespace PacketCapture.Server.Tests.Api;

public sealed class TokenFileTests
{
    private const string Good = """
        users:
          - name: alice
            token: "t-alice"
            rules:
              - namespaces: ["team-a"]
                resources: ["packetcaptures", "packetcaptures/files"]
                verbs: ["get", "list"]
          - name: bob
            token: "t-bob"
        """;

    [Fact]
    public void Reads_users_tokens_and_rules()
    {
        var entries = TokenFile.Parse(Good, "tokens.yaml");
        Assert.Equal(["alice", "bob"], entries.Select(e => e.User.Name));
        Assert.Equal("t-alice", entries[0].Token);
        Assert.True(AccessPolicy.Allows(entries[0].User, "team-a", "packetcaptures/files", "list"));
        Assert.Empty(entries[1].User.Rules);
    }

    [Theory]
    [InlineData("users: [", "tokens.yaml")]
    [InlineData("people: []", "people")]
    [InlineData("users:\n  - name: a\n    token: t\n    colour: red", "users[0].colour")]
    [InlineData("users:\n  - name: a", "users[0] (a).token")]
    [InlineData("users:\n  - token: t", "users[0].name")]
    [InlineData("users:\n  - name: a\n    token: t\n  - name: b\n    token: t", "users[1] (b).token")]
    [InlineData("users:\n  - name: a\n    token: t\n  - name: a\n    token: u", "users[1] (a)")]
    [InlineData("users:\n  - name: admin\n    token: t", "reserved")]
    [InlineData("users:\n  - name: a\n    token: t\n    rules:\n      - namespaces: [x]\n        resources: [pods]\n        verbs: [get]", "users[0] (a).rules[0].resources")]
    [InlineData("users:\n  - name: a\n    token: t\n    rules:\n      - namespaces: [x]\n        resources: [packetcaptures]\n        verbs: [patch]", "users[0] (a).rules[0].verbs")]
    [InlineData("users:\n  - name: a\n    token: t\n    rules:\n      - namespaces: [Bad_NS]\n        resources: [packetcaptures]\n        verbs: [get]", "users[0] (a).rules[0].namespaces")]
    [InlineData("users:\n  - name: a\n    token: t\n    rules:\n      - resources: [packetcaptures]\n        verbs: [get]", "users[0] (a).rules[0].namespaces")]
    [InlineData("users:\n  - name: a\n    token: \"has space\"", "users[0] (a).token")]
    public void Refuses_a_bad_file_with_one_line_naming_the_file_and_entry(string text, string named)
    {
        var error = Assert.Throws<UserInputException>(() => TokenFile.Parse(text, "tokens.yaml"));
        Assert.StartsWith("token file tokens.yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.yaml");
        var error = Assert.Throws<UserInputException>(() => TokenFile.Load(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_find_their_user_and_nothing_else()
    {
        var tokens = new ApiTokens("the-admin-token", TokenFile.Parse(Good, "tokens.yaml"));
        Assert.Equal("admin", tokens.Find("the-admin-token")?.Name);
        Assert.Equal("alice", tokens.Find("t-alice")?.Name);
        Assert.Null(tokens.Find("t-alic"));
        Assert.Null(tokens.Find("t-alice "));
        Assert.Null(tokens.Find(""));
    }

    [Fact]
    public void A_file_user_may_not_reuse_the_admin_token() =>
        Assert.Throws<UserInputException>(() => new ApiTokens("t-bob", TokenFile.Parse(Good, "tokens.yaml")));

    [Fact]
    public void The_documented_example_file_loads()
    {
        var entries = TokenFile.Load(Path.Combine(VethNetwork.RepositoryRoot(), "docs", "examples", "tokens.yaml"));
        Assert.Equal(["alice", "bob", "auditor"], entries.Select(e => e.User.Name));
        Assert.True(AccessPolicy.Allows(entries[1].User, "team-b", "packetcaptures/files", "get"));
        Assert.False(AccessPolicy.Allows(entries[1].User, "team-b", "packetcaptures/files", "delete"));
    }
}
