using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Resilience;

/// <summary>
/// One <c>packetcapture serve</c> member on a shared PostgreSQL, driven through its HTTP API with the
/// admin token (no CLI process per command: a continuous command stream needs many commands a second).
/// Disposing kills it if it still runs.
/// </summary>
internal sealed partial class PostgresMember : IDisposable
{
    public const string Namespace = "shop";

    private readonly ServeProcess _process;
    private readonly HttpClient _http;

    private PostgresMember(ServeProcess process, string node, string url, string token)
    {
        _process = process;
        Node = node;
        Url = url;
        // Longer than the server's own command timeout (10 s) twice over (PUT reads, then applies):
        // the server answers 503 itself; a client-side timeout would be a real failure.
        _http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public string Node { get; }

    public string Url { get; }

    public int ProcessId => _process.Id;

    public static string SeedOf(int port) => $"akka.tcp://packetcapture@127.0.0.1:{port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a member and waits until its API listens (it is Up and its shard region started).</summary>
    public static PostgresMember Start(string dataDirectory, string node, string postgres, int remotePort, IEnumerable<string> seeds)
    {
        var process = ServeProcess.Start(
        [
            "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--node", node,
            "--journal", "postgres", "--postgres", postgres,
            "--remote-host", "127.0.0.1", "--remote-port", remotePort.ToString(CultureInfo.InvariantCulture),
            .. seeds.SelectMany(s => new[] { "--seed", s }),
        ]);
        try
        {
            var line = process.WaitForOutput("listening on http", 120_000);
            var url = ListeningOn().Match(line);
            Assert.True(url.Success, line);
            var token = File.ReadAllText(Path.Combine(dataDirectory, "admin-token")).Trim();
            return new PostgresMember(process, node, url.Groups[1].Value, token);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGTERM (what Kubernetes sends): coordinated shutdown, the member leaves and hands its shards over.
    /// Returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        Shell.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        return await _process.WaitForExitAsync(timeout);
    }

    /// <summary>Creates capture <paramref name="name"/> (POST) selecting <paramref name="selector"/>.</summary>
    public Task<ApiAnswer> CreateAsync(string name, string selector) =>
        SendAsync(HttpMethod.Post, $"/apis/projectcalico.org/v3/namespaces/{Namespace}/packetcaptures", Body(name, selector));

    /// <summary>Replaces capture <paramref name="name"/>'s spec (PUT) with one selecting <paramref name="selector"/>.</summary>
    public Task<ApiAnswer> UpdateAsync(string name, string selector) =>
        SendAsync(HttpMethod.Put, $"/apis/projectcalico.org/v3/namespaces/{Namespace}/packetcaptures/{name}", Body(name, selector));

    public Task<ApiAnswer> GetAsync(string name) =>
        SendAsync(HttpMethod.Get, $"/apis/projectcalico.org/v3/namespaces/{Namespace}/packetcaptures/{name}", null);

    public Task<ApiAnswer> ReadyAsync() => SendAsync(HttpMethod.Get, "/readyz", null);

    /// <summary>How many capture entities run on this member (<c>/metrics</c>), or null when it does not say.</summary>
    public async Task<int?> HostedEntitiesAsync()
    {
        var answer = await SendAsync(HttpMethod.Get, "/metrics", null);
        var match = HostedGauge().Match(answer.Body);
        return answer.Code == 200 && match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Dispose();
    }

    private static string Body(string name, string selector) =>
        JsonSerializer.Serialize(new
        {
            apiVersion = "projectcalico.org/v3",
            kind = "PacketCapture",
            metadata = new { name, @namespace = Namespace },
            spec = new { selector },
        });

    private async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return new ApiAnswer((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"^packetcapture_member_capture_entities (\d+)$", RegexOptions.Multiline)]
    private static partial Regex HostedGauge();
}

/// <summary>An HTTP answer: status code and body text.</summary>
internal sealed record ApiAnswer(int Code, string Body)
{
    public bool Ok => Code is >= 200 and < 300;

    /// <summary>metadata.generation and spec.selector of a returned resource.</summary>
    public (long Generation, string Selector) Spec()
    {
        using var json = JsonDocument.Parse(Body);
        return (json.RootElement.GetProperty("metadata").GetProperty("generation").GetInt64(),
            json.RootElement.GetProperty("spec").GetProperty("selector").GetString()!);
    }

    /// <summary>The Status message of a refusal (the body's <c>message</c>), or the raw body.</summary>
    public string Message()
    {
        try
        {
            using var json = JsonDocument.Parse(Body);
            return json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : Body;
        }
        catch (JsonException)
        {
            return Body;
        }
    }

    public override string ToString() => $"{Code} {Message()}";
}
