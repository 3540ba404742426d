using System.Security.Cryptography;
using System.Text;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The host-side interface Calico's CNI plugin gives a pod: a prefix (<c>cali</c>) and the first 11
/// hex digits of the SHA-1 of <c>&lt;namespace&gt;.&lt;pod&gt;</c>, 15 characters in all (the kernel's limit).
/// Pure: the same pod always maps to the same name, on every node and in every process.
/// </summary>
public static class CalicoInterfaceName
{
    /// <summary>Calico's default prefix (Felix <c>interfacePrefix</c>).</summary>
    public const string DefaultPrefix = "cali";

    /// <summary>How many hex digits of the hash Calico keeps.</summary>
    public const int HashDigits = 11;

    /// <summary>The kernel's longest interface name.</summary>
    public const int MaxLength = 15;

    /// <summary>The host-side interface of pod <paramref name="pod"/> in <paramref name="namespace"/>.</summary>
    public static string For(string @namespace, string pod, string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(pod);
        if (PrefixProblem(prefix) is { } problem)
        {
            throw new ArgumentException(problem, nameof(prefix));
        }

        var hash = SHA1.HashData(Encoding.UTF8.GetBytes($"{@namespace}.{pod}"));
        return prefix + Convert.ToHexStringLower(hash)[..HashDigits];
    }

    /// <summary>Why <paramref name="prefix"/> cannot prefix an interface name, or null when it can.</summary>
    public static string? PrefixProblem(string? prefix) =>
        string.IsNullOrEmpty(prefix) || prefix.Length > MaxLength - HashDigits || !prefix.All(IsNameCharacter)
            ? $"interface prefix \"{prefix}\": expected 1 to {MaxLength - HashDigits} letters, digits, '-' or '_'"
            : null;

    /// <summary>Why <paramref name="name"/> cannot be an interface name, or null when it can.</summary>
    public static string? NameProblem(string? name) =>
        string.IsNullOrEmpty(name) || name.Length > MaxLength || !name.All(IsNameCharacter) || name is "." or ".."
            ? $"interface name \"{name}\": expected 1 to {MaxLength} letters, digits, '-', '_' or '.'"
            : null;

    // What the kernel allows is wider; this is what a CNI plugin names host interfaces with, and keeps names out of paths and shells.
    private static bool IsNameCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
