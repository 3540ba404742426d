namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// How <c>serve</c> reaches the Kubernetes API server. With no <see cref="ApiUrl"/> the member runs
/// inside a pod and uses the in-cluster configuration (service host from <c>KUBERNETES_SERVICE_HOST</c>,
/// the service account token and CA); with one it talks to that URL (tests, development), with the
/// bearer token of <see cref="TokenFile"/> if given.
/// </summary>
public sealed record KubernetesOptions
{
    /// <summary>The API server's base URL (<c>--kube-api</c>), or null for in-cluster.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>A file holding the bearer token for <see cref="ApiUrl"/> (<c>--kube-token-file</c>), or null.</summary>
    public string? TokenFile { get; init; }

    /// <summary>True when the in-cluster configuration is used.</summary>
    public bool InCluster => ApiUrl is null;
}
