using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PacketCapture.Server.Tests.Api;

/// <summary>
/// HTTP/1.1 over a plain socket, for request targets HttpClient would normalise away
/// (<c>..</c>, <c>%2e%2e</c>) and bodies it would not send as given.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string? ContentType, string Body);

    public static async Task<Response> SendAsync(
        Uri server, string method, string target, string? token, string? contentType = null, byte[]? body = null, bool chunked = false)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        if (token is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {token}\r\n");
        }

        if (contentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        if (body is not null)
        {
            head.Append(chunked ? "Transfer-Encoding: chunked\r\n" : string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n"));
        }

        head.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancel.Token);
            if (body is not null)
            {
                await WriteBodyAsync(stream, body, chunked, cancel.Token);
            }
        }
        catch (IOException)
        {
            // The server may answer (413) and close before the whole body is sent; its answer is still readable.
        }

        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancel.Token);
        }
        catch (IOException)
        {
            // A reset after the response: what arrived is what we check.
        }

        return Parse(received.ToArray());
    }

    private static async Task WriteBodyAsync(NetworkStream stream, byte[] body, bool chunked, CancellationToken token)
    {
        if (!chunked)
        {
            await stream.WriteAsync(body, token);
            return;
        }

        const int piece = 64 * 1024;
        for (var offset = 0; offset < body.Length; offset += piece)
        {
            var length = Math.Min(piece, body.Length - offset);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{length:x}\r\n"), token);
            await stream.WriteAsync(body.AsMemory(offset, length), token);
            await stream.WriteAsync("\r\n"u8.ToArray(), token);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), token);
    }

    private static Response Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no HTTP response received: \"{text}\"");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        string? contentType = null;
        var isChunked = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                isChunked = true;
            }
        }

        var body = text[(end + 4)..];
        return new Response(status, contentType, isChunked ? Dechunk(body) : body);
    }

    private static string Dechunk(string body)
    {
        var result = new StringBuilder();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = int.Parse(body[position..lineEnd], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            result.Append(body, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }

        return result.ToString();
    }
}
