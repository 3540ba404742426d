using System.Text;

namespace PacketCapture.Host.Cli;

/// <summary>
/// Reads lines without letting one endless line take unbounded memory: a line over the
/// limit is consumed to its end and reported as too long instead of returned.
/// </summary>
public sealed class BoundedLineReader(TextReader reader, int maxLength)
{
    private readonly StringBuilder _line = new();

    /// <summary>One line read: its text, or <see cref="IsTooLong"/>.</summary>
    public readonly record struct Line(string Text, bool IsTooLong);

    /// <summary>The next line, or null at the end of input.</summary>
    public Line? ReadLine()
    {
        _line.Clear();
        var tooLong = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            if (c == '\n')
            {
                return Finish(tooLong);
            }

            if (tooLong)
            {
                continue;
            }

            if (_line.Length == maxLength)
            {
                tooLong = true;
                _line.Clear();
                continue;
            }

            _line.Append((char)c);
        }

        return _line.Length > 0 || tooLong ? Finish(tooLong) : null;
    }

    private Line Finish(bool tooLong)
    {
        if (_line.Length > 0 && _line[^1] == '\r')
        {
            _line.Length--;
        }

        return new Line(tooLong ? "" : _line.ToString(), tooLong);
    }
}
