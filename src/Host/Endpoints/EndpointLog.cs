using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Endpoints;

/// <summary>The log lines of the local endpoint sources.</summary>
internal static partial class EndpointLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    public static partial void FileProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoints file {Path} is not valid; keeping the last good set of {Count} endpoints until it is fixed")]
    public static partial void KeepingLastGood(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoints file {Path} is not valid; no endpoints come from it until it is fixed")]
    public static partial void NothingGoodYet(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Endpoints file {Path} is valid again: {Count} endpoints")]
    public static partial void FileValidAgain(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoints file {Path} does not exist; no endpoints come from it until it is created")]
    public static partial void FileMissingAtStart(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoints file {Path} was deleted; its {Count} endpoints are removed")]
    public static partial void FileDeleted(ILogger logger, string path, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void NetnsProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot watch {Directory} for changes ({Reason}); it is rescanned periodically instead")]
    public static partial void CannotWatch(ILogger logger, string directory, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Id} is defined both in the endpoints file (interface {FileInterface}) and by discovery, a labelled network namespace or a pod of this node (interface {NetnsInterface}); the endpoints file wins")]
    public static partial void FileWins(ILogger logger, string id, string fileInterface, string netnsInterface);
}
