using System.Security.Cryptography;
using System.Text;

namespace PacketCapture.Host.Api;

/// <summary>
/// Who a bearer token belongs to: the admin token and the token file's users. Tokens are kept
/// as SHA-256 digests and every digest is compared with <see cref="CryptographicOperations.FixedTimeEquals"/>
/// without stopping at a match, so the time taken says nothing about which token (or how much of one) was right.
/// </summary>
public sealed class ApiTokens
{
    private readonly (byte[] Digest, ApiUser User)[] _tokens;

    /// <summary>The admin token plus the token file's entries.</summary>
    public ApiTokens(string adminToken, IEnumerable<TokenFile.Entry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        ArgumentNullException.ThrowIfNull(entries);
        var tokens = new List<(byte[], ApiUser)> { (Digest(adminToken), ApiUser.Admin) };
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Token, adminToken, StringComparison.Ordinal))
            {
                throw new Cli.UserInputException($"token file: the token of user \"{entry.User.Name}\" is the admin token; give it its own");
            }

            tokens.Add((Digest(entry.Token), entry.User));
        }

        _tokens = [.. tokens];
    }

    /// <summary>Builds the tokens <paramref name="options"/> name (reading the token file, when given).</summary>
    /// <exception cref="Cli.UserInputException">The token file is wrong.</exception>
    public static ApiTokens From(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ApiTokens(options.AdminToken, options.TokenFile is null ? [] : TokenFile.Load(options.TokenFile));
    }

    /// <summary>The user whose token this is, or null.</summary>
    public ApiUser? Find(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var digest = Digest(token);
        ApiUser? found = null;
        foreach (var (candidate, user) in _tokens)
        {
            // No early exit: every presented token costs the same number of comparisons.
            if (CryptographicOperations.FixedTimeEquals(digest, candidate))
            {
                found = user;
            }
        }

        return found;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
