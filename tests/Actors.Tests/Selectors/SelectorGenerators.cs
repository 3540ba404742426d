using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PacketCapture.Actors.Selectors;

namespace PacketCapture.Actors.Tests.Selectors;

/// <summary>A selector written with random but faithful spelling, the tree it was written from, and labels to test it on.</summary>
public sealed record SelectorText(string Text, SelectorNode Tree, Dictionary<string, string> Labels)
{
    public override string ToString() =>
        $"text: {Text.Replace("\t", "\\t", StringComparison.Ordinal)} | tree: {Tree} | labels: {string.Join(", ", Labels.Select(pair => $"{pair.Key}={pair.Value}"))}";
}

/// <summary>A random syntax tree with labels to evaluate it on.</summary>
public sealed record TreeAndLabels(SelectorNode Tree, Dictionary<string, string> Labels)
{
    public override string ToString() =>
        $"tree: {Tree} | labels: {string.Join(", ", Labels.Select(pair => $"{pair.Key}={pair.Value}"))}";
}

/// <summary>
/// FsCheck generators over small key and value alphabets, so that generated selectors and
/// generated labels overlap and matches happen often.
/// </summary>
public static class SelectorGenerators
{
    private static readonly string[] Keys = ["a", "b", "c/d", "e.f-g"];

    // Values share prefixes, suffixes and substrings, and include both quote characters.
    private static readonly string[] Values = ["", "x", "y", "xy", "yx", "it's", "say \"hi\""];

    private static readonly string[] Blanks = ["", "", " ", "  ", "\t", " \t "];

    private static Gen<string> Key => Gen.Elements(Keys);

    private static Gen<string> Value => Gen.Elements(Values);

    public static Arbitrary<SelectorNode> Trees() => Gen.Sized(size => Tree(Math.Min(size, 40))).ToArbitrary();

    public static Arbitrary<TreeAndLabels> TreesAndLabels() =>
        (from tree in Gen.Sized(size => Tree(Math.Min(size, 40)))
         from labels in LabelSets()
         select new TreeAndLabels(tree, labels)).ToArbitrary();

    public static Arbitrary<SelectorText> Texts() =>
        (from tree in Gen.Sized(size => Tree(Math.Min(size, 40)))
         from seed in Gen.Choose(0, int.MaxValue)
         from labels in LabelSets()
         select new SelectorText(new NoisyWriter(seed).Write(tree), tree, labels)).ToArbitrary();

    private static Gen<Dictionary<string, string>> LabelSets() =>
        from present in Gen.SubListOf(Keys)
        from values in Gen.ArrayOf(Value, present.Count)
        select present.Select((key, i) => (key, values[i])).ToDictionary(pair => pair.key, pair => pair.Item2);

    private static Gen<SelectorNode> Tree(int size)
    {
        if (size <= 1)
        {
            return Leaf();
        }

        var child = Tree(size / 3);
        return Gen.Frequency(
            (3, Leaf()),
            (1, child.Select(operand => (SelectorNode)new NotNode(operand))),
            (1, Gen.Choose(2, 3).SelectMany(count => Gen.ArrayOf(child, count)).Select(operands => (SelectorNode)new AndNode(operands))),
            (1, Gen.Choose(2, 3).SelectMany(count => Gen.ArrayOf(child, count)).Select(operands => (SelectorNode)new OrNode(operands))));
    }

    private static Gen<SelectorNode> Leaf() =>
        Gen.OneOf(
            Gen.Constant<SelectorNode>(AllNode.Instance),
            Gen.Constant<SelectorNode>(GlobalNode.Instance),
            Key.Select(key => (SelectorNode)new HasNode(key)),
            from key in Key from value in Value select (SelectorNode)new EqualNode(key, value),
            from key in Key from value in Value select (SelectorNode)new NotEqualNode(key, value),
            from key in Key from value in Value select (SelectorNode)new ContainsNode(key, value),
            from key in Key from value in Value select (SelectorNode)new StartsWithNode(key, value),
            from key in Key from value in Value select (SelectorNode)new EndsWithNode(key, value),
            from key in Key from values in Gen.ArrayOf(Value, 3) from count in Gen.Choose(0, 3) select (SelectorNode)new InNode(key, new LabelValueSet(values.Take(count))),
            from key in Key from values in Gen.ArrayOf(Value, 3) from count in Gen.Choose(0, 3) select (SelectorNode)new NotInNode(key, new LabelValueSet(values.Take(count))));

    /// <summary>
    /// Writes a tree as selector text using every spelling the language allows for it: random
    /// blanks, either quote, operator aliases, redundant parentheses, cancelling "!!" runs,
    /// shuffled and repeated set values and trailing commas.
    /// </summary>
    private sealed class NoisyWriter(int seed)
    {
        private readonly Random _random = new(seed);
        private readonly StringBuilder _text = new();

        public string Write(SelectorNode tree)
        {
            Blank();
            Expression(tree, Context.Top);
            Blank();
            return _text.ToString();
        }

        private enum Context
        {
            Top,
            AndOperand,
            NotOperand,
        }

        private void Expression(SelectorNode node, Context context)
        {
            var needsParentheses = node switch
            {
                OrNode => context != Context.Top,
                AndNode => context == Context.NotOperand,
                NotNode => context == Context.NotOperand,
                _ => false,
            };
            var parenthesise = needsParentheses || _random.Next(6) == 0;

            if (_random.Next(6) == 0)
            {
                _text.Append('!');
                Blank();
                _text.Append('!');
                Blank();
            }

            if (parenthesise)
            {
                _text.Append('(');
                Blank();
            }

            Body(node, parenthesise ? Context.Top : context);

            if (parenthesise)
            {
                Blank();
                _text.Append(')');
            }
        }

        private void Body(SelectorNode node, Context context)
        {
            switch (node)
            {
                case AllNode:
                    Function("all");
                    break;
                case GlobalNode:
                    Function("global");
                    break;
                case HasNode has:
                    _text.Append("has(");
                    Blank();
                    _text.Append(has.Key);
                    Blank();
                    _text.Append(')');
                    break;
                case EqualNode equal:
                    Comparison(equal.Key, "==", equal.Value, blankRequired: false);
                    break;
                case NotEqualNode notEqual:
                    Comparison(notEqual.Key, "!=", notEqual.Value, blankRequired: false);
                    break;
                case ContainsNode contains:
                    Comparison(contains.Key, "contains", contains.Value, blankRequired: true);
                    break;
                case StartsWithNode startsWith:
                    Comparison(startsWith.Key, TwoWords("starts", "with"), startsWith.Value, blankRequired: true);
                    break;
                case EndsWithNode endsWith:
                    Comparison(endsWith.Key, TwoWords("ends", "with"), endsWith.Value, blankRequired: true);
                    break;
                case InNode inSet:
                    Set(inSet.Key, "in", inSet.Values);
                    break;
                case NotInNode notInSet:
                    Set(notInSet.Key, TwoWords("not", "in"), notInSet.Values);
                    break;
                case NotNode not:
                    _text.Append('!');
                    Blank();
                    Expression(not.Operand, Context.NotOperand);
                    break;
                case AndNode and:
                    Join(and.Operands, "&&", Context.AndOperand);
                    break;
                case OrNode or:
                    Join(or.Operands, "||", context);
                    break;
                default:
                    throw new InvalidOperationException($"No spelling for {node.GetType().Name}.");
            }
        }

        private void Join(IReadOnlyList<SelectorNode> operands, string separator, Context context)
        {
            for (var i = 0; i < operands.Count; i++)
            {
                if (i > 0)
                {
                    Blank();
                    _text.Append(separator);
                    Blank();
                }

                Expression(operands[i], context);
            }
        }

        private void Function(string name)
        {
            _text.Append(name).Append('(');
            Blank();
            _text.Append(')');
        }

        private void Comparison(string key, string op, string value, bool blankRequired)
        {
            _text.Append(key);
            if (blankRequired)
            {
                _text.Append(' ');
            }

            Blank();
            _text.Append(op);
            Blank();
            Quoted(value);
        }

        private void Set(string key, string op, LabelValueSet values)
        {
            _text.Append(key).Append(' ');
            Blank();
            _text.Append(op);
            Blank();
            _text.Append('{');
            Blank();
            var written = values.Concat(values.Where(_ => _random.Next(3) == 0)).OrderBy(_ => _random.Next()).ToList();
            for (var i = 0; i < written.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                    Blank();
                }

                Quoted(written[i]);
                Blank();
            }

            if (written.Count > 0 && _random.Next(3) == 0)
            {
                _text.Append(',');
                Blank();
            }

            _text.Append('}');
        }

        private string TwoWords(string first, string second) => first + Blanks[_random.Next(Blanks.Length)] + second;

        private void Quoted(string value)
        {
            var quote = value.Contains('"') ? '\'' : value.Contains('\'') ? '"' : _random.Next(2) == 0 ? '\'' : '"';
            _text.Append(quote).Append(value).Append(quote);
        }

        private void Blank() => _text.Append(Blanks[_random.Next(Blanks.Length)]);
    }
}
