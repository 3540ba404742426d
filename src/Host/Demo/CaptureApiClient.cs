using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Demo;

/// <summary>
/// The demo's client of the real HTTP API (Kubernetes-shaped REST with a bearer token): it goes
/// through the same door as any user, so the demo shows authentication and the resource routes too.
/// </summary>
public sealed class CaptureApiClient : IDisposable
{
    private const string Root = "apis/projectcalico.org/v3/namespaces";
    private readonly HttpClient _http;

    /// <summary>A client of the API at <paramref name="baseAddress"/> with <paramref name="token"/>.</summary>
    public CaptureApiClient(Uri baseAddress, string token)
    {
        _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>The route of a namespace's captures.</summary>
    public static string CollectionPath(string @namespace) => $"/{Root}/{@namespace}/packetcaptures";

    /// <summary>The route of one capture.</summary>
    public static string ItemPath(string @namespace, string name) => $"{CollectionPath(@namespace)}/{name}";

    /// <summary>Creates a capture from a YAML document (POST); returns it as the server stored it.</summary>
    /// <exception cref="DemoException">The server refused it; the message carries the server's.</exception>
    public Task<PacketCaptureResource> CreateAsync(string @namespace, string yaml, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, CollectionPath(@namespace), new StringContent(yaml, Encoding.UTF8, "application/yaml"), cancellationToken);

    /// <summary>Reads a capture with its status (GET).</summary>
    /// <exception cref="DemoException">The server refused it.</exception>
    public Task<PacketCaptureResource> GetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ItemPath(@namespace, name), null, cancellationToken);

    /// <summary>Replaces a capture's spec (PUT, JSON body).</summary>
    /// <exception cref="DemoException">The server refused it.</exception>
    public Task<PacketCaptureResource> ReplaceAsync(PacketCaptureResource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var body = new StringContent(ResourceWriter.ToJson(resource with { Status = null }), Encoding.UTF8, "application/json");
        return SendAsync(HttpMethod.Put, ItemPath(resource.Metadata.Namespace, resource.Metadata.Name), body, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>The <c>message</c> of a Kubernetes Status body, or the body's first line when it is not one.</summary>
    public static string StatusMessage(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall back to the text itself.
        }

        var line = body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "(empty body)" : line;
    }

    private async Task<PacketCaptureResource> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoException($"{method} {path}: {(int)response.StatusCode} {response.ReasonPhrase}: {StatusMessage(body)}");
        }

        DocumentResult result;
        try
        {
            result = ResourceReader.ReadSingle(body);
        }
        catch (DocumentFormatException e)
        {
            throw new DemoException($"{method} {path}: the answer is not a PacketCapture: {e.Message}");
        }

        return result.Resource ?? throw new DemoException(
            $"{method} {path}: the answer is not a valid PacketCapture: {(result.Errors.IsEmpty ? "no resource" : result.Errors[0].ToString())}");
    }
}
