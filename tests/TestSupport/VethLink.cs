namespace PacketCapture.TestSupport;

/// <summary>
/// One veth pair: the host end stays in this process's network namespace (like Calico's
/// cali* interface, where captures run) and the pod end lives in its own namespace.
/// </summary>
/// <param name="Namespace">The pod network namespace.</param>
/// <param name="HostInterface">The capture side, in the root namespace.</param>
/// <param name="PodInterface">The sending side, inside <paramref name="Namespace"/>.</param>
/// <param name="HostAddress">198.18.x.y address of the host end.</param>
/// <param name="PodAddress">198.18.x.y address of the pod end.</param>
public sealed record VethLink(string Namespace, string HostInterface, string PodInterface, string HostAddress, string PodAddress);
