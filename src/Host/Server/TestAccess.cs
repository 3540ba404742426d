using System.Runtime.CompilerServices;

// The server's pure pieces (configuration layers, metrics text) are tested directly.
[assembly: InternalsVisibleTo("PacketCapture.Server.Tests")]
