namespace PacketCapture.Actors.Model;

/// <summary>The input as a whole cannot be read: malformed YAML/JSON, or over a limit.</summary>
public sealed class DocumentFormatException(string message) : FormatException(message);
