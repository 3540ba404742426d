using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Api;
using PacketCapture.Host.Endpoints;
using PacketCapture.Host.Kubernetes;
using k8s;

namespace PacketCapture.Host.Server;

/// <summary>Starts a member with its HTTP API: what <c>serve</c>, the demo and the tests run.</summary>
public static class PacketCaptureServer
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // The capture root as the capture sessions make their own directories: the group may read files (0640).
    private const UnixFileMode CaptureDirectoryMode = OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    /// <summary>Starts the member (one-member cluster on SQLite by default) and the API; returns once both are up.</summary>
    /// <param name="options">Where data lives, where the API listens, which config and tokens.</param>
    /// <param name="endpoints">This node's endpoints; null means <c>LocalEndpoints.Create</c> from the options.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ServerStartException">Something the operator gave is wrong (one line naming it); nothing is left running.</exception>
    public static async Task<RunningServer> StartAsync(
        ServerOptions options, IEndpointSource? endpoints = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("PacketCapture runs on Linux only");
        }

        // Everything that can be checked without touching disk first: a mistake creates nothing.
        var listen = ListenAddress.Parse(options.Listen);
        var jsonLogs = LogFormat(options.LogFormat);
        var layers = ServerConfiguration.Layers(options, EnvironmentOverrides.Current());
        var certificate = Certificate(options);
        var kubernetes = options.Kubernetes is null ? null : KubernetesClientFactory.Configuration(options.Kubernetes);

        // Kubernetes mode: pods of this node, seed discovery, TokenReview/SubjectAccessReview (docs/KUBERNETES-NODE.md).
        var kubernetesNode = options.Kubernetes is null ? null : KubernetesNode.Create(options.Kubernetes, layers);

        CreateDirectory(options.DataDirectory, OwnerOnlyDirectory, "--data-dir");
        var adminToken = AdminToken.LoadOrCreate(options.AdminTokenPath);
        var configuration = ServerConfiguration.Complete(options, layers);
        var fileTimeout = FileShareTimeout(configuration);
        CreateDirectory(options.CaptureDirectory, CaptureDirectoryMode, "capture directory");
        var kubernetesSettings = kubernetes is null ? null : KubernetesSettingsOf(configuration.Config);

        // No reload-on-change for appsettings files (we read none): it watches the working
        // directory recursively, and with the default ./data under it every journal write
        // woke a FileSystemWatcher callback (measured in docs/PERFORMANCE.md, HTTP API).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        ConfigureLogging(builder.Logging, jsonLogs);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen.Address, listen.Port, on =>
        {
            if (certificate is not null)
            {
                on.UseHttps(certificate);
            }
        }));

        kubernetesNode?.AddApiAccess(builder.Services);
        builder.Services.AddSingleton(sp => new MemberStartup(
            configuration.Settings,
            () => endpoints ?? kubernetesNode?.Endpoints(configuration.Settings.Node.NodeName, options.EndpointsFile, sp.GetRequiredService<ILoggerFactory>())
                ?? LocalEndpoints.Create(options.EndpointsFile, options.EffectivePodsDirectory, sp.GetRequiredService<ILoggerFactory>()),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("PacketCapture.Member"),
            kubernetes is null ? null : (system, member) => KubernetesIntegration.Start(
                system, member.Captures, sp.GetRequiredService<IKubernetes>(), kubernetesSettings!,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("PacketCapture.Kubernetes")),
            kubernetesNode?.Join(sp.GetRequiredService<ILoggerFactory>())));
        if (kubernetes is not null)
        {
            // A singleton of the host: disposed with it, after the actor system has stopped using it.
            builder.Services.AddSingleton<IKubernetes>(_ => new k8s.Kubernetes(kubernetes));
        }

        builder.Services.AddAkka(ClusterConfiguration.SystemName, (akka, sp) =>
        {
            akka.AddHocon(configuration.Config, HoconAddMode.Replace);
            akka.ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });
            akka.AddStartup((system, _) => sp.GetRequiredService<MemberStartup>().Start(system));
        });

        // Registered after AddAkka and started in that order, before Kestrel: the API opens on an Up member.
        builder.Services.AddHostedService<MemberUpGate>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<MemberStartup>().Captures);
        builder.Services.AddSingleton(sp => new JournalProbe(sp.GetRequiredService<ActorSystem>()));
        builder.Services.AddSingleton(sp => new ClusterCaptureFiles(
            sp.GetRequiredService<ActorSystem>(), configuration.Settings.Node.NodeName, Path.GetFullPath(options.CaptureDirectory), fileTimeout));
        builder.Services.AddPacketCaptureApi(new ApiOptions
        {
            AdminToken = adminToken,
            TokenFile = options.TokenFile,
            CaptureDirectory = Path.GetFullPath(options.CaptureDirectory),
            NodeName = configuration.Settings.Node.NodeName,
        });

        var app = builder.Build();
        app.UsePacketCaptureApi();
        HealthEndpoints.Map(app);

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await AbandonAsync(app).ConfigureAwait(false);
            throw e switch
            {
                IOException io => new ServerStartException($"--listen {options.Listen}: cannot listen: {io.Message.TrimEnd('.')}", io),
                ServerStartException => e,
                OperationCanceledException => e,
                _ => new ServerStartException($"the member did not start: {e.Message.Split('\n', 2)[0].Trim()}", e),
            };
        }

        var baseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PacketCapture.Server");
        logger.LogInformation("listening on {BaseAddress}", baseAddress.ToString().TrimEnd('/'));
        logger.LogInformation("node {Node}, data {DataDirectory}", configuration.Settings.Node.NodeName, Path.GetFullPath(options.DataDirectory));
        return new RunningServer(app, baseAddress, adminToken, app.Services.GetRequiredService<ICaptureService>(), configuration.Settings);
    }

    private static KubernetesSettings KubernetesSettingsOf(Akka.Configuration.Config config)
    {
        try
        {
            return KubernetesSettings.FromConfig(config);
        }
        catch (Akka.Configuration.ConfigurationException e)
        {
            throw new ServerStartException(e.Message.Split('\n', 2)[0].Trim(), e);
        }
    }

    private static TimeSpan FileShareTimeout(ServerConfiguration configuration)
    {
        try
        {
            return ClusterCaptureFiles.MemberTimeoutOf(configuration.Config);
        }
        catch (Akka.Configuration.ConfigurationException e)
        {
            throw new ServerStartException($"configuration: {e.Message}", e);
        }
    }

    private static bool LogFormat(string format) =>
        format switch
        {
            "plain" => false,
            "json" => true,
            _ => throw new ServerStartException($"--log-format {format}: expected plain or json"),
        };

    private static void ConfigureLogging(ILoggingBuilder logging, bool json)
    {
        logging.ClearProviders();
        if (json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        logging.SetMinimumLevel(LogLevel.Information);

        // Per-request and hosting chatter says nothing an operator needs; warnings still show.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);

        // Authentication brings data protection, which warns about unencrypted keys it never holds here (bearer tokens only).
        logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
    }

    private static X509Certificate2? Certificate(ServerOptions options)
    {
        var (cert, key) = (options.TlsCertificateFile, options.TlsKeyFile);
        if (cert is null && key is null)
        {
            return null;
        }

        if (cert is null || key is null)
        {
            throw new ServerStartException(cert is null
                ? "--tls-key given without --tls-cert: TLS needs both (PEM files)"
                : "--tls-cert given without --tls-key: TLS needs both (PEM files)");
        }

        foreach (var (option, path) in new[] { ("--tls-cert", cert), ("--tls-key", key) })
        {
            if (!File.Exists(path))
            {
                throw new ServerStartException($"{option} {path}: no such file");
            }
        }

        try
        {
            return X509Certificate2.CreateFromPemFile(cert, key);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ServerStartException($"--tls-cert {cert} / --tls-key {key}: not a PEM certificate and its key: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreateDirectory(string path, UnixFileMode mode, string what)
    {
        try
        {
            if (!Directory.Exists(path))
            {
                Directory.CreateDirectory(path, mode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException($"{what} {path}: cannot create it: {e.Message}", e);
        }
    }

    private static async Task AbandonAsync(WebApplication app)
    {
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or AggregateException)
        {
            // Stopping what started is best effort; the start failure is what the caller must see.
        }
        finally
        {
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
