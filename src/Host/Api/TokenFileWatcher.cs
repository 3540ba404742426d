using Microsoft.Extensions.Logging;
using PacketCapture.Host.Cli;

namespace PacketCapture.Host.Api;

/// <summary>
/// Reloads the token file when it changes (written in place, or replaced by a rename as editors
/// and config tools do). A file that no longer reads keeps the users of the last good one and
/// logs its one line: a typo must not lock everybody out of a running server.
/// </summary>
public sealed class TokenFileWatcher : IDisposable
{
    private readonly string _path;
    private readonly ApiTokens _tokens;
    private readonly ILogger _logger;
    private readonly FileSystemWatcher _watcher;
    private readonly Lock _gate = new();

    /// <summary>Starts watching <paramref name="path"/>.</summary>
    public TokenFileWatcher(string path, ApiTokens tokens, ILogger<TokenFileWatcher> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, Path.GetFileName(_path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>How many reloads succeeded (for tests and logs).</summary>
    public int Reloads { get; private set; }

    /// <summary>How many reloads were refused (the previous users stayed).</summary>
    public int Refusals { get; private set; }

    /// <inheritdoc />
    public void Dispose() => _watcher.Dispose();

    private void Reload()
    {
        lock (_gate)
        {
            try
            {
                _tokens.Replace(TokenFile.Load(_path));
                Reloads++;
                _logger.LogInformation("token file {Path} reloaded", _path);
            }
            catch (UserInputException e)
            {
                // Often a write still in progress; the next change event reads the whole file.
                Refusals++;
                _logger.LogWarning("token file not reloaded, the previous users stay: {Problem}", e.Message);
            }
        }
    }
}
