using System.Text;

namespace PacketCapture.Actors.Selectors;

/// <summary>
/// A recursive-descent parser that reads characters directly, without a token list, and allocates
/// only the keys, values and nodes it keeps. Lexical rules follow Calico's libcalico-go selector
/// tokenizer: blanks are space and tab only; operator words are recognised only right after a
/// label key; strings have no escapes and end at the next matching quote (a line break inside a
/// string is kept, as in Calico).
/// </summary>
internal ref struct SelectorParser
{
    // Scratch space reused by every parse on a thread, so only the kept arrays are allocated.
    // Operand lists nest (parentheses), so they share one stack-like list above a mark. What a
    // thread keeps is bounded by MaxLength: at most a few thousand references.
    [ThreadStatic]
    private static List<SelectorNode>? _operandScratch;

    [ThreadStatic]
    private static List<string>? _valueScratch;

    private const string AnExpression = "a label key, has(...), all(), global(), '!' or '('";
    private const string AnOperator = "an operator (==, !=, in, not in, contains, starts with, ends with)";
    private const string AStringInQuotes = "a string in quotes";

    private readonly string _text;
    private readonly List<SelectorNode> _operands;
    private readonly List<string> _values;
    private int _position;
    private int _depth;

    private SelectorParser(string text)
    {
        _text = text;
        _operands = _operandScratch ??= new List<SelectorNode>(16);
        _values = _valueScratch ??= new List<string>(16);
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    public static SelectorNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > Selector.MaxLength)
        {
            throw new SelectorParseException(
                Selector.MaxLength,
                $"a selector of at most {Selector.MaxLength} characters",
                $"{text.Length} characters");
        }

        var parser = new SelectorParser(text);
        try
        {
            parser.SkipBlanks();
            if (parser.AtEnd)
            {
                return AllNode.Instance;
            }

            var root = parser.ParseOr();
            parser.SkipBlanks();
            if (!parser.AtEnd)
            {
                throw parser.Fail("'&&', '||' or end of selector");
            }

            return root;
        }
        finally
        {
            // A failed parse leaves operands behind; dropping them keeps the scratch from holding garbage alive.
            parser._operands.Clear();
            parser._values.Clear();
        }
    }

    private SelectorNode ParseOr()
    {
        var first = ParseAnd();
        if (!TryConsumePair('|'))
        {
            return first;
        }

        var mark = _operands.Count;
        PushOperand(first, isOr: true);
        do
        {
            PushOperand(ParseAnd(), isOr: true);
        }
        while (TryConsumePair('|'));

        return OrNode.FromFlattened(PopOperands(mark));
    }

    private SelectorNode ParseAnd()
    {
        var first = ParseUnary();
        if (!TryConsumePair('&'))
        {
            return first;
        }

        var mark = _operands.Count;
        PushOperand(first, isOr: false);
        do
        {
            PushOperand(ParseUnary(), isOr: false);
        }
        while (TryConsumePair('&'));

        return AndNode.FromFlattened(PopOperands(mark));
    }

    /// <summary>Adds an operand, splicing in a parenthesised operand of the same operator.</summary>
    private readonly void PushOperand(SelectorNode operand, bool isOr)
    {
        var nested = isOr
            ? (operand as OrNode)?.Operands
            : (operand as AndNode)?.Operands;
        if (nested is not { } operands)
        {
            _operands.Add(operand);
            return;
        }

        foreach (var inner in operands)
        {
            _operands.Add(inner);
        }
    }

    private readonly SelectorNode[] PopOperands(int mark)
    {
        var count = _operands.Count - mark;
        var operands = new SelectorNode[count];
        _operands.CopyTo(mark, operands, 0, count);
        _operands.RemoveRange(mark, count);
        return operands;
    }

    private SelectorNode ParseUnary()
    {
        // Calico collapses a run of '!' (blanks allowed between them) into one negation or none.
        var negated = false;
        SkipBlanks();
        while (!AtEnd && Current == '!' && Peek(1) != '=')
        {
            negated = !negated;
            _position++;
            SkipBlanks();
        }

        var operand = ParsePrimary();
        return negated ? new NotNode(operand) : operand;
    }

    private SelectorNode ParsePrimary()
    {
        if (AtEnd)
        {
            throw Fail(AnExpression);
        }

        var start = _position;
        if (Current == '(')
        {
            if (++_depth > Selector.MaxNestingDepth)
            {
                throw Fail($"at most {Selector.MaxNestingDepth} levels of nested parentheses");
            }

            _position++;
            var inner = ParseOr();
            SkipBlanks();
            if (AtEnd || Current != ')')
            {
                throw Fail("'&&', '||' or ')'");
            }

            _position++;
            _depth--;
            return inner;
        }

        if (!LabelText.IsKeyChar(Current))
        {
            throw Fail(AnExpression);
        }

        var end = ScanKey(start);
        var word = _text.AsSpan(start, end - start);
        var isFunction = word is "has" or "all" or "global";
        if (isFunction && end < _text.Length && _text[end] == '(')
        {
            _position = end + 1;
            return ParseFunction(word);
        }

        if (isFunction && SkipBlanksFrom(end) is var next && next < _text.Length && _text[next] == '(')
        {
            throw new SelectorParseException(end, $"'(' right after '{word}'", Describe(end));
        }

        var key = TakeKey(start, end);
        return ParseMatch(key);
    }

    private SelectorNode ParseFunction(ReadOnlySpan<char> name)
    {
        SkipBlanks();
        if (name is "has")
        {
            var start = _position;
            var end = ScanKey(start);
            if (end == start)
            {
                throw Fail("a label key");
            }

            var key = TakeKey(start, end);
            SkipBlanks();
            Expect(')', "')' to close 'has('");
            return new HasNode(key);
        }

        if (name is "all")
        {
            Expect(')', "')' to close 'all('");
            return AllNode.Instance;
        }

        Expect(')', "')' to close 'global('");
        return GlobalNode.Instance;
    }

    private SelectorNode ParseMatch(string key)
    {
        SkipBlanks();
        if (AtEnd)
        {
            throw Fail(AnOperator);
        }

        var c = Current;
        if (c is '=' or '!')
        {
            if (Peek(1) != '=')
            {
                throw Fail(c == '=' ? "'=='" : AnOperator);
            }

            _position += 2;
            var value = ReadString();
            return c == '=' ? new EqualNode(key, value) : new NotEqualNode(key, value);
        }

        if (TryConsumeWords("contains", null))
        {
            return new ContainsNode(key, ReadString());
        }

        if (TryConsumeWords("starts", "with"))
        {
            return new StartsWithNode(key, ReadString());
        }

        if (TryConsumeWords("ends", "with"))
        {
            return new EndsWithNode(key, ReadString());
        }

        if (TryConsumeWords("not", "in"))
        {
            return new NotInNode(key, ReadSet());
        }

        if (TryConsumeWords("in", null))
        {
            return new InNode(key, ReadSet());
        }

        throw Fail(AnOperator);
    }

    private LabelValueSet ReadSet()
    {
        SkipBlanks();
        Expect('{', "'{' to start a set of values");
        SkipBlanks();
        var values = _values;
        values.Clear();
        if (!AtEnd && Current == '}')
        {
            _position++;
            return LabelValueSet.Empty;
        }

        while (true)
        {
            values.Add(ReadString());
            SkipBlanks();
            if (!AtEnd && Current == ',')
            {
                _position++;
                SkipBlanks();

                // Calico accepts a trailing comma before the closing brace.
                if (!AtEnd && Current == '}')
                {
                    _position++;
                    break;
                }

                continue;
            }

            if (!AtEnd && Current == '}')
            {
                _position++;
                break;
            }

            throw Fail("',' or '}'");
        }

        return LabelValueSet.FromParsed(values);
    }

    private string ReadString()
    {
        SkipBlanks();
        if (AtEnd || Current is not ('\'' or '"'))
        {
            throw Fail(AStringInQuotes);
        }

        var quote = Current;
        var open = _position;
        var close = _text.IndexOf(quote, open + 1);
        if (close < 0)
        {
            throw new SelectorParseException(open, $"a closing {quote} for the string that starts here", "end of selector");
        }

        _position = close + 1;
        return _text.Substring(open + 1, close - open - 1);
    }

    /// <summary>
    /// Consumes an operator word, or two words with any blanks (or none) between them, when a
    /// word boundary follows: "starts with", "starts   with" and "startswith" are one operator.
    /// </summary>
    private bool TryConsumeWords(string first, string? second)
    {
        var span = _text.AsSpan();
        var at = _position;
        if (!span[at..].StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }

        at += first.Length;
        if (second is not null)
        {
            at = SkipBlanksFrom(at);
            if (!span[at..].StartsWith(second, StringComparison.Ordinal))
            {
                return false;
            }

            at += second.Length;
        }

        if (at < span.Length && LabelText.IsKeyChar(span[at]))
        {
            return false;
        }

        _position = at;
        return true;
    }

    /// <summary>Consumes "&amp;&amp;" or "||" after optional blanks; a lone '&amp;' or '|' is an error.</summary>
    private bool TryConsumePair(char c)
    {
        SkipBlanks();
        if (AtEnd || Current != c)
        {
            return false;
        }

        if (Peek(1) != c)
        {
            throw Fail(c == '&' ? "'&&'" : "'||'");
        }

        _position += 2;
        return true;
    }

    private void Expect(char c, string expected)
    {
        if (AtEnd || Current != c)
        {
            throw Fail(expected);
        }

        _position++;
    }

    private readonly int ScanKey(int start)
    {
        var length = _text.AsSpan(start).IndexOfAnyExcept(LabelText.KeyChars);
        return length < 0 ? _text.Length : start + length;
    }

    private string TakeKey(int start, int end)
    {
        if (end - start > LabelText.MaxKeyLength)
        {
            throw new SelectorParseException(
                start,
                $"a label key of at most {LabelText.MaxKeyLength} characters",
                $"a key of {end - start} characters");
        }

        _position = end;
        return _text.Substring(start, end - start);
    }

    private void SkipBlanks() => _position = SkipBlanksFrom(_position);

    private int SkipBlanksFrom(int at)
    {
        while (at < _text.Length && _text[at] is ' ' or '\t')
        {
            at++;
        }

        return at;
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private SelectorParseException Fail(string expected) => new(_position, expected, Describe(_position));

    /// <summary>Names what is at an offset in words a person can match to their text.</summary>
    private string Describe(int at)
    {
        if (at >= _text.Length)
        {
            return "end of selector";
        }

        var c = _text[at];
        switch (c)
        {
            case '\n':
                return "a line break";
            case '\r':
                return "a carriage return";
        }

        if (LabelText.IsKeyChar(c))
        {
            var end = at;
            while (end < _text.Length && end - at < 32 && LabelText.IsKeyChar(_text[end]))
            {
                end++;
            }

            return "'" + _text[at..end] + "'";
        }

        if (at + 1 < _text.Length && (c, _text[at + 1]) is ('=', '=') or ('!', '=') or ('&', '&') or ('|', '|'))
        {
            return "'" + _text.Substring(at, 2) + "'";
        }

        if (char.IsControl(c))
        {
            return $"the control character U+{(int)c:X4}";
        }

        return new StringBuilder(3).Append('\'').Append(c).Append('\'').ToString();
    }
}
