global using PacketCapture.TestSupport;
global using Xunit;

// libpcap, veth and network namespaces: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Servers, member processes and network namespaces: one test class at a time keeps the
// 2-core machines from starving capture threads and request handlers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
