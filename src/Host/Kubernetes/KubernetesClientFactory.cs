using k8s;
using k8s.Exceptions;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Kubernetes;

/// <summary>Builds the KubernetesClient for <see cref="KubernetesOptions"/>; every mistake is one line naming the flag.</summary>
public static class KubernetesClientFactory
{
    // A token file is a few hundred bytes; a bigger one is the wrong file.
    private const int MaxTokenBytes = 16 * 1024;

    /// <summary>Checks the options and returns the client configuration (nothing is contacted yet).</summary>
    /// <exception cref="ServerStartException">A flag, URL or file is wrong, or in-cluster mode outside a pod.</exception>
    public static KubernetesClientConfiguration Configuration(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.InCluster)
        {
            if (options.TokenFile is not null)
            {
                throw new ServerStartException("--kube-token-file needs --kube-api (in-cluster mode uses the pod's service account token)");
            }

            if (!KubernetesClientConfiguration.IsInCluster())
            {
                throw new ServerStartException(
                    "--kubernetes: not running inside a pod (no KUBERNETES_SERVICE_HOST or service account token); give --kube-api URL");
            }

            try
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }
            catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
            {
                throw new ServerStartException($"--kubernetes: the in-cluster configuration cannot be read: {e.Message.Split('\n', 2)[0].Trim()}", e);
            }
        }

        if (!Uri.TryCreate(options.ApiUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") ||
            url.Host.Length == 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new ServerStartException($"--kube-api {options.ApiUrl}: expected an http:// or https:// URL of the API server, without query");
        }

        return new KubernetesClientConfiguration
        {
            Host = url.ToString().TrimEnd('/'),
            AccessToken = options.TokenFile is null ? null : ReadToken(options.TokenFile),
        };
    }

    /// <summary>A client for <paramref name="options"/>.</summary>
    /// <exception cref="ServerStartException">As <see cref="Configuration"/>.</exception>
    public static k8s.Kubernetes Create(KubernetesOptions options) => new(Configuration(options));

    private static string ReadToken(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ServerStartException($"--kube-token-file {path}: no such file");
            }

            if (info.Length > MaxTokenBytes)
            {
                throw new ServerStartException($"--kube-token-file {path}: larger than {MaxTokenBytes} bytes, not a token");
            }

            var token = File.ReadAllText(path).Trim();
            if (token.Length == 0 || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                throw new ServerStartException($"--kube-token-file {path}: expected one bearer token (no spaces or line breaks)");
            }

            return token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException($"--kube-token-file {path}: cannot read it: {e.Message}", e);
        }
    }
}
