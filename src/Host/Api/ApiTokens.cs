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
    private readonly string _adminToken;
    private readonly string _origin;

    // Swapped whole on a reload, so a request sees either the old users or the new ones.
    private volatile (byte[] Digest, ApiUser User)[] _tokens;

    /// <summary>The admin token plus the token file's entries.</summary>
    /// <param name="adminToken">The generated admin token.</param>
    /// <param name="entries">The token file's users.</param>
    /// <param name="origin">The token file's path, for errors.</param>
    /// <exception cref="Cli.UserInputException">A user of the file has the admin token.</exception>
    public ApiTokens(string adminToken, IEnumerable<TokenFile.Entry> entries, string origin = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        _adminToken = adminToken;
        _origin = origin;
        _tokens = Build(entries);
    }

    /// <summary>Builds the tokens <paramref name="options"/> name (reading the token file, when given).</summary>
    /// <exception cref="Cli.UserInputException">The token file is wrong.</exception>
    public static ApiTokens From(ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TokenFile is null
            ? new ApiTokens(options.AdminToken, [])
            : new ApiTokens(options.AdminToken, TokenFile.Load(options.TokenFile), options.TokenFile);
    }

    /// <summary>Replaces the token file's users (the admin token stays); on a mistake nothing changes.</summary>
    /// <exception cref="Cli.UserInputException">A user of the file has the admin token.</exception>
    public void Replace(IEnumerable<TokenFile.Entry> entries) => _tokens = Build(entries);

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

    private (byte[] Digest, ApiUser User)[] Build(IEnumerable<TokenFile.Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var tokens = new List<(byte[], ApiUser)> { (Digest(_adminToken), ApiUser.Admin) };
        foreach (var entry in entries)
        {
            if (string.Equals(entry.Token, _adminToken, StringComparison.Ordinal))
            {
                throw new Cli.UserInputException($"token file {_origin}: the token of user \"{entry.User.Name}\" is the admin token; give it its own");
            }

            tokens.Add((Digest(entry.Token), entry.User));
        }

        return [.. tokens];
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
