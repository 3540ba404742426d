using System.Threading.Channels;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>One open watch: the lines still to send on its stream, and which events it wants.</summary>
public sealed class FakeWatch
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    internal FakeWatch(ApiTarget target, ObjectSelector selector, bool bookmarks)
    {
        Target = target;
        Selector = selector;
        Bookmarks = bookmarks;
    }

    /// <summary>The watched collection (and namespace, when the path named one).</summary>
    public ApiTarget Target { get; }

    /// <summary>The field and label selector of the watch.</summary>
    public ObjectSelector Selector { get; }

    /// <summary>Whether the client asked for BOOKMARK events.</summary>
    public bool Bookmarks { get; }

    /// <summary>The event lines in order; completes when the server closes the watch.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    internal void Send(string line) => _lines.Writer.TryWrite(line);

    internal void Close() => _lines.Writer.TryComplete();
}
