namespace PacketCapture.Host.Cli;

/// <summary>Process exit codes, the same for every command.</summary>
public static class ExitCodes
{
    /// <summary>Done, and everything given was valid.</summary>
    public const int Ok = 0;

    /// <summary>The input (a file, a document, a flag's value) is wrong; the message says which.</summary>
    public const int InvalidInput = 1;

    /// <summary>The server cannot be reached, or failed (5xx): try again later (sysexits' EX_UNAVAILABLE).</summary>
    public const int Unavailable = 69;

    /// <summary>A bug or an environment failure, not the user's input.</summary>
    public const int InternalError = 70;
}
