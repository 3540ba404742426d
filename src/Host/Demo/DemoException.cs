namespace PacketCapture.Host.Demo;

/// <summary>A demo step failed for a reason the user can act on; the message is the one line they see.</summary>
public sealed class DemoException(string message) : Exception(message);
