using System.Globalization;
using System.Net;

namespace PacketCapture.Host.Server;

/// <summary>The API's <c>host:port</c>: an IP address (IPv6 in brackets) or <c>localhost</c>, port 0–65535 (0 picks one).</summary>
/// <param name="Address">Where to listen.</param>
/// <param name="Port">The port; 0 for any free one.</param>
internal sealed record ListenAddress(IPAddress Address, int Port)
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="ServerStartException">It is not <c>host:port</c> of that shape.</exception>
    public static ListenAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon > 0 &&
            int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) &&
            port is >= 0 and <= 65535 &&
            Host(text[..colon]) is { } address)
        {
            return new ListenAddress(address, port);
        }

        throw new ServerStartException(
            $"--listen {text}: expected HOST:PORT with an IP address (IPv6 in brackets) or localhost, and a port 0-65535");
    }

    private static IPAddress? Host(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null;
        }

        return IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : null;
    }
}
