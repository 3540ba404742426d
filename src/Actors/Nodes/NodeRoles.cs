namespace PacketCapture.Actors.Nodes;

/// <summary>
/// A member carries its node name as a cluster role (<c>node:&lt;name&gt;</c>), so every member can
/// tell, from the gossip alone, which node's captures stopped when a member leaves or is downed.
/// </summary>
public static class NodeRoles
{
    /// <summary>The prefix of the node-name role.</summary>
    public const string Prefix = "node:";

    /// <summary>The role of a member running node <paramref name="nodeName"/>'s agent.</summary>
    public static string For(string nodeName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeName);
        return Prefix + nodeName;
    }

    /// <summary>The node name among a member's roles, or null (a client, or a member started without one).</summary>
    public static string? NodeOf(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        foreach (var role in roles)
        {
            if (role.StartsWith(Prefix, StringComparison.Ordinal) && role.Length > Prefix.Length)
            {
                return role[Prefix.Length..];
            }
        }

        return null;
    }
}
