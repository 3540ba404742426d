using System.Collections.Immutable;

namespace PacketCapture.Host.Api;

/// <summary>One grant: every verb of <see cref="Verbs"/> on every resource of <see cref="Resources"/>
/// in every namespace of <see cref="Namespaces"/>; <c>*</c> in a list means any.</summary>
public sealed record AccessRule(ImmutableArray<string> Namespaces, ImmutableArray<string> Resources, ImmutableArray<string> Verbs)
{
    /// <summary>The wildcard.</summary>
    public const string Any = "*";

    /// <summary>Everything everywhere: the admin's rule.</summary>
    public static AccessRule Everything { get; } = new([Any], [Any], [Any]);

    /// <inheritdoc />
    public bool Equals(AccessRule? other) =>
        other is not null && Namespaces.SequenceEqual(other.Namespaces) &&
        Resources.SequenceEqual(other.Resources) && Verbs.SequenceEqual(other.Verbs);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Namespaces.Length, Resources.Length, Verbs.Length);
}

/// <summary>An authenticated API user and what it may do.</summary>
/// <param name="Name">The user name, recorded on every command it sends.</param>
/// <param name="Rules">Its grants; nothing is allowed that no rule grants.</param>
public sealed record ApiUser(string Name, ImmutableArray<AccessRule> Rules)
{
    /// <summary>The user of the generated admin token.</summary>
    public const string AdminName = "admin";

    /// <summary>The admin: every verb on every resource in every namespace.</summary>
    public static ApiUser Admin { get; } = new(AdminName, [AccessRule.Everything]);

    /// <inheritdoc />
    public bool Equals(ApiUser? other) => other is not null && Name == other.Name && Rules.SequenceEqual(other.Rules);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Rules.Length);
}
