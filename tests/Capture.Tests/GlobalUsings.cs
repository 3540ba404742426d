global using Xunit;
global using PacketCapture.TestSupport;

// The data plane is Linux-only (libpcap, veth, Unix file modes), and so are its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
