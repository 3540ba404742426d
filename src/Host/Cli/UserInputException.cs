namespace PacketCapture.Host.Cli;

/// <summary>A mistake in what the user gave; its message is the one line the user sees.</summary>
public sealed class UserInputException(string message) : Exception(message);
