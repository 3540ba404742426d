namespace PacketCapture.ActorClient;

/// <summary>A failure the example reports as one line and an exit code.</summary>
internal sealed class ClientException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The example's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The capture ran to Finished, was listed, cleaned and deleted.</summary>
    public const int Done = 0;

    /// <summary>A command was rejected, or the capture ended in Error or not in time.</summary>
    public const int CaptureFailed = 1;

    /// <summary>A wrong argument or an invalid capture file: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>The cluster could not be joined or did not answer.</summary>
    public const int Unavailable = 3;
}
