using System.Text;
using Akka.Configuration;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Host.Server;

/// <summary>
/// The member's HOCON, highest first: what the options say (journal file, capture directory,
/// node name), environment overrides (<see cref="EnvironmentOverrides"/>), the <c>--config</c> file,
/// then the embedded <see cref="PacketCaptureConfig.Standalone"/>.
/// </summary>
/// <param name="Config">The composed configuration the actor system runs with.</param>
/// <param name="Settings">Its <c>packetcapture</c> block, parsed and checked.</param>
internal sealed record ServerConfiguration(Config Config, PacketCaptureSettings Settings)
{
    private const string SqliteProvider = "SQLite.MS";

    /// <summary>Reads what is below the options: environment overrides over the file over the
    /// embedded default. Touches nothing on disk, so a bad file fails before anything is created.</summary>
    /// <exception cref="ServerStartException">The file is missing or not HOCON, or a variable is wrong.</exception>
    public static Config Layers(ServerOptions options, IEnumerable<KeyValuePair<string, string>> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fromEnvironment = ConfigurationFactory.ParseString(EnvironmentOverrides.ToHocon(environment));

        // Every layer is a freshly parsed Config: one instance twice in a fallback chain recurses forever.
        var layers = options.ConfigFile is null ? fromEnvironment : fromEnvironment.WithFallback(ReadFile(options.ConfigFile));
        var composed = layers.WithFallback(ClusterConfiguration.Base(options));

        // Remoting, seeds and the PostgreSQL connection are options (highest); checked here, before
        // anything is created, so a wrong seed or an unreachable database leaves nothing behind.
        var cluster = ClusterConfiguration.Hocon(options, composed);
        return cluster.Length == 0 ? composed : ConfigurationFactory.ParseString(cluster).WithFallback(composed);
    }

    /// <summary>Lays the options over <paramref name="layers"/>, preparing the SQLite journal file when
    /// the journal is SQLite (a <c>--config</c> naming PostgreSQL keeps its own connection), and parses the settings.</summary>
    /// <exception cref="ServerStartException">A setting is out of range or of the wrong type.</exception>
    public static ServerConfiguration Complete(ServerOptions options, Config layers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layers);
        var own = new StringBuilder();
        own.Append("packetcapture.node.capture-dir = ").Append(HoconText.Quote(Path.GetFullPath(options.CaptureDirectory))).Append('\n');
        if (!string.IsNullOrWhiteSpace(options.NodeName))
        {
            own.Append("packetcapture.node.name = ").Append(Quote("--node", options.NodeName.Trim())).Append('\n');
        }

        if (layers.GetString("akka.persistence.journal.sql.provider-name", SqliteProvider) == SqliteProvider)
        {
            own.Append(SqliteJournalFile.Hocon(PrepareJournal(options.JournalPath))).Append('\n');
        }

        var config = ConfigurationFactory.ParseString(own.ToString()).WithFallback(layers);
        try
        {
            var settings = PacketCaptureSettings.FromConfig(config);
            return new ServerConfiguration(ClusterConfiguration.WithNodeRole(config, settings.Node.NodeName), settings);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ServerStartException($"configuration: {FirstLine(e.Message)}", e);
        }
    }

    private static Config ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ServerStartException($"--config {path}: no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException($"--config {path}: cannot read it ({FirstLine(e.Message)})", e);
        }

        if (HoconFileCheck.Structure(text) is { } problem)
        {
            throw new ServerStartException($"--config {path}: not valid HOCON: {problem}");
        }

        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The HOCON parser throws several types (its own, FormatException, …); all mean the same to the operator.
            throw new ServerStartException($"--config {path}: not valid HOCON: {FirstLine(e.Message)}", e);
        }

        return HoconFileCheck.KeyWithoutValue(config) is { } key
            ? throw new ServerStartException($"--config {path}: not valid HOCON: '{key}' has no value")
            : config;
    }

    private static string PrepareJournal(string path)
    {
        try
        {
            return SqliteJournalFile.Prepare(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new ServerStartException($"journal {path}: {FirstLine(e.Message)}", e);
        }
    }

    private static string Quote(string option, string value)
    {
        try
        {
            return HoconText.Quote(value);
        }
        catch (FormatException e)
        {
            throw new ServerStartException($"{option}: value {e.Message}");
        }
    }

    private static string FirstLine(string message) =>
        message.Split('\n', 2)[0].Trim();
}
