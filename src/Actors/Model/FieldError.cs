namespace PacketCapture.Actors.Model;

/// <summary>One problem in a document: the field path (<c>spec.filters[1].ports[0]</c>) and what is wrong.</summary>
public sealed record FieldError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
