using System.Collections.Immutable;
using PacketCapture.Host.Api;

namespace PacketCapture.Server.Tests.Api;

public sealed class AccessPolicyTests
{
    private static readonly ApiUser Alice = new("alice",
    [
        new AccessRule(["team-a"], ["packetcaptures", "packetcaptures/files"], ["get", "list", "create", "update", "delete"]),
    ]);

    private static readonly ApiUser Bob = new("bob",
    [
        new AccessRule(["team-b"], ["packetcaptures"], ["get", "list"]),
        new AccessRule(["team-b"], ["packetcaptures/files"], ["get"]),
    ]);

    private static readonly ApiUser Carol = new("carol", [new AccessRule(["*"], ["packetcaptures"], ["get"])]);

    private static readonly ApiUser Dave = new("dave", [new AccessRule(["team-a", "team-c"], ["*"], ["*"])]);

    private static readonly ApiUser Nobody = new("nobody", ImmutableArray<AccessRule>.Empty);

    private static readonly Dictionary<string, ApiUser> Users = new()
    {
        ["alice"] = Alice, ["bob"] = Bob, ["carol"] = Carol, ["dave"] = Dave, ["nobody"] = Nobody, ["admin"] = ApiUser.Admin,
    };

    [Theory]
    [InlineData("alice", "team-a", "packetcaptures", "get", true)]
    [InlineData("alice", "team-a", "packetcaptures", "delete", true)]
    [InlineData("alice", "team-a", "packetcaptures/files", "delete", true)]
    [InlineData("alice", "team-b", "packetcaptures", "get", false)]
    [InlineData("alice", "team-b", "packetcaptures/files", "get", false)]
    [InlineData("alice", "team-a", "packetcaptures", "watch", false)]
    [InlineData("bob", "team-b", "packetcaptures", "list", true)]
    [InlineData("bob", "team-b", "packetcaptures", "create", false)]
    [InlineData("bob", "team-b", "packetcaptures/files", "get", true)]
    [InlineData("bob", "team-b", "packetcaptures/files", "delete", false)]
    [InlineData("bob", "team-a", "packetcaptures", "get", false)]
    [InlineData("carol", "any-namespace", "packetcaptures", "get", true)]
    [InlineData("carol", "team-a", "packetcaptures", "list", false)]
    [InlineData("carol", "team-a", "packetcaptures/files", "get", false)]
    [InlineData("dave", "team-c", "packetcaptures/files", "delete", true)]
    [InlineData("dave", "team-b", "packetcaptures", "get", false)]
    [InlineData("nobody", "team-a", "packetcaptures", "get", false)]
    [InlineData("admin", "kube-system", "packetcaptures/files", "delete", true)]
    [InlineData("alice", "Team-A", "packetcaptures", "get", false)]
    [InlineData("alice", "team-a", "PacketCaptures", "get", false)]
    public void Allows_only_what_a_rule_names(string user, string ns, string resource, string verb, bool expected) =>
        Assert.Equal(expected, AccessPolicy.Allows(Users[user], ns, resource, verb));

    [Theory]
    [InlineData("alice", true)]
    [InlineData("bob", true)]
    [InlineData("carol", false)]
    [InlineData("nobody", false)]
    [InlineData("admin", true)]
    public void All_namespaces_list_needs_list_somewhere(string user, bool expected) =>
        Assert.Equal(expected, AccessPolicy.AllowsSomewhere(Users[user], "packetcaptures", "list"));

    [Fact]
    public void Denial_names_user_verb_resource_and_namespace() =>
        Assert.Equal("user \"bob\" cannot delete packetcaptures in namespace \"team-b\"",
            AccessPolicy.Denial(Bob, "team-b", "packetcaptures", "delete"));
}
