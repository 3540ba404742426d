namespace PacketCapture.Host.Api;

/// <summary>Decides what a user may do: allowed only when one of its rules names the namespace,
/// the resource and the verb (or <c>*</c> for any of them). Pure: no I/O, no clock.</summary>
public static class AccessPolicy
{
    /// <summary>True when <paramref name="user"/> may do <paramref name="verb"/> on <paramref name="resource"/> in <paramref name="namespace"/>.</summary>
    public static bool Allows(ApiUser user, string @namespace, string resource, string verb)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var rule in user.Rules)
        {
            if (Names(rule.Namespaces, @namespace) && Names(rule.Resources, resource) && Names(rule.Verbs, verb))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when some rule allows <paramref name="verb"/> on <paramref name="resource"/> in at least one namespace
    /// (whether an all-namespaces list is allowed at all).</summary>
    public static bool AllowsSomewhere(ApiUser user, string resource, string verb)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Rules.Any(r => !r.Namespaces.IsEmpty && Names(r.Resources, resource) && Names(r.Verbs, verb));
    }

    /// <summary>The one line a denied user reads: who, which verb, on what, where.</summary>
    public static string Denial(ApiUser user, string @namespace, string resource, string verb)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"user \"{user.Name}\" cannot {verb} {resource} in namespace \"{@namespace}\"";
    }

    private static bool Names(System.Collections.Immutable.ImmutableArray<string> values, string value)
    {
        foreach (var candidate in values)
        {
            if (candidate == AccessRule.Any || string.Equals(candidate, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
