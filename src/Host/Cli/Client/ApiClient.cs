using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// The server's HTTP API as the CLI uses it: the Kubernetes-shaped resource REST and the
/// files endpoints of SPEC.md §7. One per process. Every failure becomes an
/// <see cref="ApiException"/> with one line to show, or a <see cref="UserInputException"/>
/// for a bad local setting (token file, CA file).
/// </summary>
public sealed class ApiClient : IDisposable
{
    private const string ResourcePath = "apis/projectcalico.org/v3/";
    private const string JsonMediaType = "application/json";
    private const int MaxTokenFileBytes = 64 * 1024;

    private readonly ConnectionSettings _settings;
    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly TimeSpan _requestTimeout;

    /// <summary>Creates the client; reads the token file and CA certificate now, so their mistakes show before any request.</summary>
    /// <param name="settings">Where and how to connect.</param>
    /// <param name="requestTimeout">Bound on each request up to its answer's headers (a download's body is not bounded).</param>
    public ApiClient(ConnectionSettings settings, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _requestTimeout = requestTimeout;
        _token = ReadToken(settings.Token);
        _http = new HttpClient(Handler(settings), disposeHandler: true)
        {
            BaseAddress = settings.Server,
            // Per-request timeouts instead: a multi-GB download must not be cut at a fixed time.
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("packetcapture-cli", "1"));
    }

    /// <summary>One capture.</summary>
    public async Task<PacketCaptureResource> GetAsync(string ns, string name, CancellationToken cancellation)
    {
        var text = await SendForTextAsync(HttpMethod.Get, CapturePath(ns, name), null, cancellation).ConfigureAwait(false);
        return ReadOne(text);
    }

    /// <summary>The captures of <paramref name="ns"/>, or of every namespace the user may list when null.</summary>
    public async Task<IReadOnlyList<PacketCaptureResource>> ListAsync(string? ns, CancellationToken cancellation)
    {
        var path = ns is null ? ResourcePath + "packetcaptures" : CollectionPath(ns);
        var text = await SendForTextAsync(HttpMethod.Get, path, null, cancellation).ConfigureAwait(false);
        return ReadList(text);
    }

    /// <summary>Creates <paramref name="resource"/>, or replaces its spec when it exists; true when created.</summary>
    public async Task<bool> ApplyAsync(PacketCaptureResource resource, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(resource);
        // Status is the server's to write; sending a copied one back would only be ignored or refused.
        var body = ResourceWriter.ToJson(resource with { Status = null }, indented: false);
        var ns = resource.Metadata.Namespace;
        try
        {
            await SendForTextAsync(HttpMethod.Post, CollectionPath(ns), body, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (ApiException e) when (e.StatusCode == (int)HttpStatusCode.Conflict)
        {
            await SendForTextAsync(HttpMethod.Put, CapturePath(ns, resource.Metadata.Name), body, cancellation).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>Deletes a capture (its files stay until cleaned).</summary>
    public Task DeleteAsync(string ns, string name, CancellationToken cancellation) =>
        SendForTextAsync(HttpMethod.Delete, CapturePath(ns, name), null, cancellation);

    /// <summary>
    /// Streams the capture's zip into <paramref name="destination"/>; returns the bytes written,
    /// or null when the capture has no files (204). <paramref name="progress"/> gets the running total.
    /// </summary>
    public async Task<long?> DownloadFilesAsync(string ns, string name, Stream destination, Action<long>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var path = $"download/{Segment(ns)}/{Segment(name)}/files.zip";
        using var response = await SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        await ThrowIfFailedAsync(response, cancellation).ConfigureAwait(false);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            var buffer = new byte[128 * 1024];
            long total = 0;
            int read;
            while ((read = await body.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
                total += read;
                progress?.Invoke(total);
            }

            return total;
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellation.IsCancellationRequested)
        {
            throw new ApiException($"the download of {ns}/{name} from {_settings.ServerText} broke off: {Reason(e)}", ExitCodes.Unavailable);
        }
    }

    /// <summary>Deletes the capture's files on every node; returns the server's message, if it sent one.</summary>
    public async Task<string?> CleanFilesAsync(string ns, string name, CancellationToken cancellation)
    {
        var text = await SendForTextAsync(HttpMethod.Delete, $"files/{Segment(ns)}/{Segment(name)}", null, cancellation).ConfigureAwait(false);
        return StatusMessage(text);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static string CollectionPath(string ns) => $"{ResourcePath}namespaces/{Segment(ns)}/packetcaptures";

    private static string CapturePath(string ns, string name) => $"{CollectionPath(ns)}/{Segment(name)}";

    // Names are validated before they get here; escaping is the second fence, not the first.
    private static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task<string> SendForTextAsync(HttpMethod method, string path, string? body, CancellationToken cancellation)
    {
        using var response = await SendAsync(method, path, body, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, cancellation).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(Reason(e));
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, HttpCompletionOption completion, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
        if (_token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, JsonMediaType);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {_requestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(Reason(e));
        }
    }

    private ApiException Unreachable(string reason) =>
        new($"cannot reach the server at {_settings.ServerText}: {reason} (is \"packetcapture serve\" running?)", ExitCodes.Unavailable);

    private string Reason(Exception e)
    {
        if (e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } || e.InnerException is AuthenticationException)
        {
            return _settings.CaCertificate is null
                ? "TLS failed; the server's certificate is not trusted here (give its CA with --ca-cert FILE, or --insecure-skip-tls-verify)"
                : $"TLS failed with the CA of {_settings.CaCertificate}: {StatusError.OneLine(Innermost(e).Message)}";
        }

        return StatusError.OneLine(Innermost(e) is SocketException socket ? socket.Message : e.Message);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string body;
        try
        {
            // An error body is small; a misbehaving server's is cut rather than read whole.
            await using var stream = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
            var buffer = new byte[64 * 1024];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellation).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            body = Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = "";
        }

        var message = StatusError.Message(response.StatusCode, body);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            message += TokenHint();
        }

        throw new ApiException(message, StatusError.ExitCode(response.StatusCode)) { StatusCode = (int)response.StatusCode };
    }

    private string TokenHint()
    {
        var token = _settings.Token;
        return _token is null
            ? $" (no token was sent: give --token or {ConnectionResolver.TokenVariable}, or run where the admin token {token.File} of the server's data directory is readable, e.g. with --data-dir)"
            : $" (the token from {token.Origin} was refused; give another with --token or {ConnectionResolver.TokenVariable})";
    }

    private static string? StatusMessage(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var message = StatusError.Message(HttpStatusCode.OK, text);
        return message.StartsWith("the server answered", StringComparison.Ordinal) ? null : message;
    }

    private static PacketCaptureResource ReadOne(string text)
    {
        try
        {
            var document = ResourceReader.ReadSingle(text);
            return document.Resource ?? throw Unreadable(document.Errors.IsEmpty ? "not a PacketCapture" : document.Errors[0].ToString());
        }
        catch (DocumentFormatException e)
        {
            throw Unreadable(e.Message);
        }
    }

    private static List<PacketCaptureResource> ReadList(string text)
    {
        try
        {
            var result = new List<PacketCaptureResource>();
            foreach (var document in ResourceReader.Read(text))
            {
                result.Add(document.Resource ?? throw Unreadable($"{document.Identity}: {document.Errors[0]}"));
            }

            return result;
        }
        catch (DocumentFormatException e)
        {
            throw Unreadable(e.Message);
        }
    }

    private static ApiException Unreadable(string problem) =>
        new($"the server's answer is not a PacketCapture this client can read: {StatusError.OneLine(problem)}", ExitCodes.InternalError);

    private static string? ReadToken(TokenSource source)
    {
        if (source.Value is { } value)
        {
            return Checked(value.Trim(), source.Origin);
        }

        var file = source.File!;
        try
        {
            using var stream = File.OpenRead(file);
            if (stream.Length > MaxTokenFileBytes)
            {
                throw new UserInputException($"{source.Origin}: {file} is larger than {MaxTokenFileBytes / 1024} KiB; a token file holds one token");
            }

            using var reader = new StreamReader(stream);
            return Checked(reader.ReadToEnd().Trim(), $"{source.Origin}: {file}");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return source.Optional ? null : throw new UserInputException($"{source.Origin}: {file}: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            // The admin token is 0600 and owned by whoever runs serve; another user simply has none.
            return source.Optional ? null : throw new UserInputException($"{source.Origin}: {file}: permission denied");
        }
        catch (IOException e)
        {
            throw new UserInputException($"{source.Origin}: {file}: cannot be read: {e.Message}");
        }
    }

    private static string Checked(string token, string origin)
    {
        if (token.Length == 0)
        {
            throw new UserInputException($"{origin}: the token is empty");
        }

        if (token.Any(c => c < 0x21 || c > 0x7E))
        {
            throw new UserInputException($"{origin}: a token is one word of printable ASCII");
        }

        return token;
    }

    private static SocketsHttpHandler Handler(ConnectionSettings settings)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        if (settings.InsecureSkipTlsVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (settings.CaCertificate is { } caFile)
        {
            handler.SslOptions.CertificateChainPolicy = TrustOnly(caFile);
        }

        return handler;
    }

    private static X509ChainPolicy TrustOnly(string caFile)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new UserInputException($"--ca-cert {caFile}: no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new UserInputException($"--ca-cert {caFile}: cannot be read as PEM certificates: {StatusError.OneLine(e.Message)}");
        }

        if (roots.Count == 0)
        {
            throw new UserInputException($"--ca-cert {caFile}: holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // A private CA for a local server publishes no revocation list.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
