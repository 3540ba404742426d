using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PacketCapture.Host.Demo;

/// <summary>
/// Bounded traffic of several kinds from a pod to its own host-side address, so every packet stays
/// on that pod's veth: a TCP connection to 8080 (where <see cref="Generate"/> listens in the root
/// namespace and echoes), a TCP connect to 5432 (nothing listens: a reset), three UDP datagrams to 53
/// and three ICMP echo requests. The pod side runs in-process on a thread switched into the pod's
/// network namespace (<see cref="NetworkNamespace"/>); ICMP uses a raw socket (the demo runs as root,
/// so no <c>ping</c> binary and no <c>ping_group_range</c> setting is needed).
/// </summary>
public static class DemoTraffic
{
    /// <summary>The port the demo's capture selects and the host side listens on.</summary>
    public const int WebPort = 8080;

    /// <summary>A port nothing listens on: the pod gets a reset.</summary>
    public const int DatabasePort = 5432;

    /// <summary>UDP port of the datagrams.</summary>
    public const int DnsPort = 53;

    private const int Segments = 3;
    private const int Datagrams = 3;
    private const int Pings = 3;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Sends every kind of traffic from each pod in turn; returns what each pod saw.</summary>
    public static IReadOnlyList<TrafficReport> Generate(IReadOnlyList<DemoPod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        using var stop = new CancellationTokenSource();
        var listeners = pods.Select(p => StartEcho(IPAddress.Parse(p.HostAddress), stop.Token)).ToList();
        try
        {
            return pods.Select(pod => NetworkNamespace.Run(pod.NetworkNamespace, TimeSpan.FromSeconds(30), () => FromPod(pod))).ToList();
        }
        finally
        {
            stop.Cancel();
            foreach (var (listener, _) in listeners)
            {
                listener.Stop();
            }
        }
    }

    private static (TcpListener Listener, Task Loop) StartEcho(IPAddress address, CancellationToken stop)
    {
        var listener = new TcpListener(address, WebPort);
        listener.Start();
        return (listener, AcceptLoop(listener, stop));
    }

    private static async Task AcceptLoop(TcpListener listener, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop).ConfigureAwait(false);
                _ = Echo(client, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped: the traffic is over.
        }
    }

    private static async Task Echo(TcpClient client, CancellationToken stop)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[1024];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, stop).ConfigureAwait(false)) > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, read), stop).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
            {
                // The pod closed or reset the connection, or the demo stopped.
            }
        }
    }

    private static TrafficReport FromPod(DemoPod pod)
    {
        var host = IPAddress.Parse(pod.HostAddress);
        var (connected, echoed) = Web(host);
        return new TrafficReport(pod.Key, connected, echoed, Database(host), Dns(host), Ping(host));
    }

    private static (bool Connected, int Echoed) Web(IPAddress host)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (!Connect(socket, new IPEndPoint(host, WebPort)))
        {
            return (false, 0);
        }

        socket.ReceiveTimeout = (int)StepTimeout.TotalMilliseconds;
        socket.NoDelay = true;
        var echoed = 0;
        var buffer = new byte[256];
        try
        {
            for (var i = 1; i <= Segments; i++)
            {
                // Waiting for each echo keeps every payload its own segment in the file.
                var payload = Encoding.ASCII.GetBytes($"GET /demo/{i} from the pod\n");
                socket.Send(payload);
                var got = 0;
                while (got < payload.Length)
                {
                    var read = socket.Receive(buffer, got, buffer.Length - got, SocketFlags.None);
                    if (read == 0)
                    {
                        break;
                    }

                    got += read;
                }

                if (got >= payload.Length)
                {
                    echoed++;
                }
            }

            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Counted as not echoed; the report shows it.
        }

        return (true, echoed);
    }

    private static bool Database(IPAddress host)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            return Connect(socket, new IPEndPoint(host, DatabasePort));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
    }

    private static bool Connect(Socket socket, IPEndPoint endpoint)
    {
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            socket.ConnectAsync(endpoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static int Dns(IPAddress host)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var sent = 0;
        for (var i = 0; i < Datagrams; i++)
        {
            socket.SendTo(Encoding.ASCII.GetBytes($"demo query {i}"), new IPEndPoint(host, DnsPort));
            sent++;
        }

        return sent;
    }

    private static int Ping(IPAddress host)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp);
        socket.ReceiveTimeout = 1000;
        var identifier = (ushort)(Environment.ProcessId & 0xffff);
        var replies = 0;
        var buffer = new byte[1500];
        for (ushort sequence = 1; sequence <= Pings; sequence++)
        {
            socket.SendTo(EchoRequest(identifier, sequence), new IPEndPoint(host, 0));
            if (AwaitReply(socket, buffer, identifier, sequence))
            {
                replies++;
            }
        }

        return replies;
    }

    private static bool AwaitReply(Socket socket, byte[] buffer, ushort identifier, ushort sequence)
    {
        // A raw socket sees every ICMP message of the namespace (port unreachables too): skip the others.
        var deadline = DateTime.UtcNow + StepTimeout;
        while (DateTime.UtcNow < deadline)
        {
            int read;
            try
            {
                read = socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return false;
            }

            var headerLength = (buffer[0] & 0x0f) * 4;
            if (read >= headerLength + 8 && buffer[headerLength] == 0 &&
                BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(headerLength + 4)) == identifier &&
                BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(headerLength + 6)) == sequence)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An ICMP echo request (type 8) with a short payload and its checksum.</summary>
    public static byte[] EchoRequest(ushort identifier, ushort sequence)
    {
        var packet = new byte[8 + 24];
        packet[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        Encoding.ASCII.GetBytes("packetcapture demo ping!").CopyTo(packet, 8);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        return packet;
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if (data.Length % 2 == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
