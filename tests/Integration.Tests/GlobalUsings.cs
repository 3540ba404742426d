global using PacketCapture.TestSupport;
global using Xunit;

// libpcap, veth and network namespaces: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Every test class here makes its own interfaces and ActorSystems; running them one at a time
// keeps the 2-core machines from starving the capture threads.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
