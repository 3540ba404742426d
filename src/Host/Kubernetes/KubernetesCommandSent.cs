using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// Published on the actor system's event stream each time the watcher sends a command to a capture
/// (and each status patch the status writer completes): what an operator's metrics or a test counts.
/// </summary>
/// <param name="Command">The apply or delete sent, or null for a status patch.</param>
/// <param name="StatusPatched">The capture whose CR status was patched, or null.</param>
public sealed record KubernetesCommandSent(ICaptureCommand? Command, CaptureKey? StatusPatched = null);
