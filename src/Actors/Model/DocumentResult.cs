using System.Collections.Immutable;

namespace PacketCapture.Actors.Model;

/// <summary>
/// The outcome of reading one document: the resource when it is valid, otherwise every
/// problem found in it (all at once, so a user fixes a file in one pass).
/// </summary>
public sealed record DocumentResult(string Origin, string? Namespace, string? Name, PacketCaptureResource? Resource, ImmutableArray<FieldError> Errors)
{
    /// <summary>True when the document is a valid PacketCapture.</summary>
    public bool IsValid => Resource is not null && Errors.IsEmpty;

    /// <summary>How to name the document to a user: <c>ns/name</c> when known, else its place in the input.</summary>
    public string Identity => Name is null ? Origin : $"{Namespace ?? ObjectMeta.DefaultNamespace}/{Name}";
}
