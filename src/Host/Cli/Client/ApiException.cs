namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// The server refused a request, could not be reached, or answered nonsense; the message is
/// the one line the user sees and <see cref="ExitCode"/> says which of the three it was.
/// </summary>
public sealed class ApiException(string message, int exitCode) : Exception(message)
{
    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>HTTP status code of the answer, or 0 when there was none.</summary>
    public int StatusCode { get; init; }
}
