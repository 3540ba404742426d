namespace PacketCapture.Host.Server;

/// <summary>The server cannot start because of something the operator gave (a file, an address, a
/// permission); the message is the one line to show, naming what is wrong. Nothing is left running.</summary>
public sealed class ServerStartException : Exception
{
    /// <summary>A start failure with its one-line message.</summary>
    public ServerStartException(string message)
        : base(message)
    {
    }

    /// <summary>A start failure caused by <paramref name="inner"/>.</summary>
    public ServerStartException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
