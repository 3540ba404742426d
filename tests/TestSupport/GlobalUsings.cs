global using Xunit;

// veth pairs, network namespaces and tcpdump: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
