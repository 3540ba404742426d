namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>One request the fake API server answered.</summary>
/// <param name="Verb">The Kubernetes verb: list, watch, get, create, update, patch, delete (or the HTTP method for other paths).</param>
/// <param name="Path">The request path (no query).</param>
/// <param name="Query">The query string, with its leading <c>?</c>, or empty.</param>
/// <param name="Authorization">The Authorization header as sent, or null.</param>
public sealed record FakeApiRequest(string Verb, string Path, string Query, string? Authorization);
