using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorSyntaxTests
{
    private const string AnExpression = "a label key, has(...), all(), global(), '!' or '('";
    private const string AnOperator = "an operator (==, !=, in, not in, contains, starts with, ends with)";
    private const string AStringInQuotes = "a string in quotes";
    private const string MoreOrEnd = "'&&', '||' or end of selector";

    private static readonly string LongestKey = new('k', 512);
    private static readonly string TooLongKey = new('k', 513);

    [Theory]
    // Empty and blank text means all().
    [InlineData("", "all()")]
    [InlineData("   ", "all()")]
    [InlineData("\t \t", "all()")]
    // Functions; blanks are allowed inside the parentheses.
    [InlineData("all()", "all()")]
    [InlineData("all( )", "all()")]
    [InlineData("all(\t)", "all()")]
    [InlineData("global()", "global()")]
    [InlineData("global(  )", "global()")]
    [InlineData("has(a)", "has(a)")]
    [InlineData("has( a )", "has(a)")]
    [InlineData("has(\ta\t)", "has(a)")]
    [InlineData("has(a.b/c-d_e)", "has(a.b/c-d_e)")]
    [InlineData("has(projectcalico.org/namespace)", "has(projectcalico.org/namespace)")]
    [InlineData("\thas(a)\t", "has(a)")]
    // Strings: either quote, no escapes, the other quote allowed inside.
    [InlineData("a=='b'", "a == \"b\"")]
    [InlineData("a == \"b\"", "a == \"b\"")]
    [InlineData("a ==    'b'", "a == \"b\"")]
    [InlineData("a == 'say \"hi\"'", "a == 'say \"hi\"'")]
    [InlineData("a == \"it's\"", "a == \"it's\"")]
    [InlineData("a == ''", "a == \"\"")]
    [InlineData("a == 'x && y'", "a == \"x && y\"")]
    [InlineData("a == '\t'", "a == \"\t\"")]
    [InlineData("a == 'x\ny'", "a == \"x\ny\"")]
    [InlineData("a!='b'", "a != \"b\"")]
    // Sets: empty, trailing comma, sorted and de-duplicated.
    [InlineData("a in {'x'}", "a in {\"x\"}")]
    [InlineData("a in{'x'}", "a in {\"x\"}")]
    [InlineData("a in {}", "a in {}")]
    [InlineData("a in { }", "a in {}")]
    [InlineData("a in {'x',}", "a in {\"x\"}")]
    [InlineData("a in {'x' , 'y' , }", "a in {\"x\", \"y\"}")]
    [InlineData("a in {'b', 'a', 'b'}", "a in {\"a\", \"b\"}")]
    [InlineData("a in {'B', 'a'}", "a in {\"B\", \"a\"}")]
    [InlineData("a in {'\"q\"', 'p'}", "a in {'\"q\"', \"p\"}")]
    // Two-word operators: with no blank, one or several blanks or tabs between the words.
    [InlineData("a notin {'x'}", "a not in {\"x\"}")]
    [InlineData("a not in {'x'}", "a not in {\"x\"}")]
    [InlineData("a not   in {'x'}", "a not in {\"x\"}")]
    [InlineData("a not\tin {'x'}", "a not in {\"x\"}")]
    [InlineData("a contains 'x'", "a contains \"x\"")]
    [InlineData("a contains'x'", "a contains \"x\"")]
    [InlineData("a startswith 'x'", "a starts with \"x\"")]
    [InlineData("a starts with 'x'", "a starts with \"x\"")]
    [InlineData("a starts    with 'x'", "a starts with \"x\"")]
    [InlineData("a starts\twith 'x'", "a starts with \"x\"")]
    [InlineData("a endswith 'x'", "a ends with \"x\"")]
    [InlineData("a ends \t with 'x'", "a ends with \"x\"")]
    // Runs of '!' cancel in pairs; parenthesised negations do not.
    [InlineData("!has(a)", "!has(a)")]
    [InlineData("! has(a)", "!has(a)")]
    [InlineData("!!has(a)", "has(a)")]
    [InlineData("! ! has(a)", "has(a)")]
    [InlineData("!!!has(a)", "!has(a)")]
    [InlineData("!!!!has(a)", "has(a)")]
    [InlineData("!(!has(a))", "!(!has(a))")]
    [InlineData("!(!(!has(a)))", "!(!(!has(a)))")]
    [InlineData("!(a == 'b')", "!a == \"b\"")]
    [InlineData("!a in {'b'}", "!a in {\"b\"}")]
    // Grouping and precedence.
    [InlineData("((has(a)))", "has(a)")]
    [InlineData("( has(a) )", "has(a)")]
    [InlineData("has(a)&&has(b)", "has(a) && has(b)")]
    [InlineData("has(a)||has(b)", "has(a) || has(b)")]
    [InlineData("(has(a) && has(b)) && has(c)", "has(a) && has(b) && has(c)")]
    [InlineData("has(a) && (has(b) && has(c))", "has(a) && has(b) && has(c)")]
    [InlineData("(has(a) || has(b)) || has(c)", "has(a) || has(b) || has(c)")]
    [InlineData("(has(a) || has(b)) && has(c)", "(has(a) || has(b)) && has(c)")]
    [InlineData("has(a) || (has(b) && has(c))", "has(a) || has(b) && has(c)")]
    [InlineData("!(has(a) || has(b))", "!(has(a) || has(b))")]
    [InlineData("!(has(a) && has(b))", "!(has(a) && has(b))")]
    [InlineData("(!has(a)) && (!has(b))", "!has(a) && !has(b)")]
    [InlineData("a == 'x' || b != 'y' && !has(c)", "a == \"x\" || b != \"y\" && !has(c)")]
    [InlineData("a == 'x' && (b == 'y' || c == 'z')", "a == \"x\" && (b == \"y\" || c == \"z\")")]
    [InlineData("a in {'x'} && b not in {'y'}", "a in {\"x\"} && b not in {\"y\"}")]
    [InlineData("global() && all()", "global() && all()")]
    [InlineData(
        "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}",
        "!has(my-label) || my-label starts with \"prod\" && role in {\"business\", \"frontend\"}")]
    // Function and operator names are ordinary label keys when not used as such.
    [InlineData("has == 'x'", "has == \"x\"")]
    [InlineData("all == 'x'", "all == \"x\"")]
    [InlineData("global in {'x'}", "global in {\"x\"}")]
    [InlineData("in == 'x'", "in == \"x\"")]
    [InlineData("contains contains 'x'", "contains contains \"x\"")]
    [InlineData("not not in {}", "not not in {}")]
    [InlineData("1 == '2'", "1 == \"2\"")]
    [InlineData("a/b.c_d-e == 'x'", "a/b.c_d-e == \"x\"")]
    public void Accepted_text_has_the_expected_canonical_form(string text, string canonical)
    {
        var selector = Selector.Parse(text);

        Assert.Equal(canonical, selector.ToCanonicalString());
        Assert.Equal(selector, Selector.Parse(canonical));
    }

    [Theory]
    // Line breaks outside strings.
    [InlineData("a == 'x'\n", 8, MoreOrEnd)]
    [InlineData("\nhas(a)", 0, AnExpression)]
    [InlineData("has(a) &&\nhas(b)", 9, AnExpression)]
    [InlineData("has(a)\r", 6, MoreOrEnd)]
    [InlineData("a\n== 'x'", 1, AnOperator)]
    [InlineData("a ==\n'x'", 4, AStringInQuotes)]
    [InlineData("a in {'x',\n'y'}", 10, AStringInQuotes)]
    [InlineData("has(\na)", 4, "a label key")]
    // Functions need '(' right after the name and nothing but blanks and (for has) a key inside.
    [InlineData("has (a)", 3, "'(' right after 'has'")]
    [InlineData("all ()", 3, "'(' right after 'all'")]
    [InlineData("global\t()", 6, "'(' right after 'global'")]
    [InlineData("has()", 4, "a label key")]
    [InlineData("has( )", 5, "a label key")]
    [InlineData("has('a')", 4, "a label key")]
    [InlineData("has(a", 5, "')' to close 'has('")]
    [InlineData("has(a b)", 6, "')' to close 'has('")]
    [InlineData("all(x)", 4, "')' to close 'all('")]
    [InlineData("global(x)", 7, "')' to close 'global('")]
    // Unterminated strings point at the opening quote.
    [InlineData("a == 'x", 5, "a closing ' for the string that starts here")]
    [InlineData("a == \"x", 5, "a closing \" for the string that starts here")]
    [InlineData("a == 'x\"", 5, "a closing ' for the string that starts here")]
    [InlineData("a in {'x', 'y}", 11, "a closing ' for the string that starts here")]
    // Operators are lowercase words followed by a word boundary.
    [InlineData("a IN {'x'}", 2, AnOperator)]
    [InlineData("a Contains 'x'", 2, AnOperator)]
    [InlineData("a STARTS WITH 'x'", 2, AnOperator)]
    [InlineData("a Ends With 'x'", 2, AnOperator)]
    [InlineData("a NOT IN {'x'}", 2, AnOperator)]
    [InlineData("HAS(a)", 3, AnOperator)]
    [InlineData("ALL()", 3, AnOperator)]
    [InlineData("a == 'x' AND b == 'y'", 9, MoreOrEnd)]
    [InlineData("a == 'x' and b == 'y'", 9, MoreOrEnd)]
    [InlineData("a starts 'x'", 2, AnOperator)]
    [InlineData("a startswithx 'x'", 2, AnOperator)]
    [InlineData("a containsx 'x'", 2, AnOperator)]
    [InlineData("a not 'x'", 2, AnOperator)]
    [InlineData("a inx {'x'}", 2, AnOperator)]
    [InlineData("a", 1, AnOperator)]
    [InlineData("a ! = 'x'", 2, AnOperator)]
    [InlineData("a = 'x'", 2, "'=='")]
    [InlineData("a@b == 'x'", 1, AnOperator)]
    // Values must be quoted strings.
    [InlineData("a == x", 5, AStringInQuotes)]
    [InlineData("a == }", 5, AStringInQuotes)]
    [InlineData("a ==", 4, AStringInQuotes)]
    [InlineData("a !== 'x'", 4, AStringInQuotes)]
    [InlineData("a === 'x'", 4, AStringInQuotes)]
    [InlineData("a contains {'x'}", 11, AStringInQuotes)]
    // Sets.
    [InlineData("a in 'x'", 5, "'{' to start a set of values")]
    [InlineData("a not in", 8, "'{' to start a set of values")]
    [InlineData("a in {'x' 'y'}", 10, "',' or '}'")]
    [InlineData("a in {,}", 6, AStringInQuotes)]
    [InlineData("a in {'x',,}", 10, AStringInQuotes)]
    [InlineData("a in {'x'", 9, "',' or '}'")]
    [InlineData("a in {x}", 6, AStringInQuotes)]
    [InlineData("a in {", 6, AStringInQuotes)]
    // && and || are doubled; expressions must be complete.
    [InlineData("has(a) & has(b)", 7, "'&&'")]
    [InlineData("has(a) | has(b)", 7, "'||'")]
    [InlineData("has(a) &&", 9, AnExpression)]
    [InlineData("a == 'x' && ", 12, AnExpression)]
    [InlineData("&& has(a)", 0, AnExpression)]
    [InlineData("a == 'x' || || b == 'y'", 12, AnExpression)]
    [InlineData("(has(a)", 7, "'&&', '||' or ')'")]
    [InlineData("(has(a) has(b))", 8, "'&&', '||' or ')'")]
    [InlineData("()", 1, AnExpression)]
    [InlineData("!", 1, AnExpression)]
    [InlineData("!!", 2, AnExpression)]
    [InlineData("!= 'x'", 0, AnExpression)]
    [InlineData(")", 0, AnExpression)]
    [InlineData("{}", 0, AnExpression)]
    [InlineData("'x' == a", 0, AnExpression)]
    [InlineData("\u00e9 == 'x'", 0, AnExpression)]
    // Leftover text after a complete expression.
    [InlineData("has(a))", 6, MoreOrEnd)]
    [InlineData("has(a) has(b)", 7, MoreOrEnd)]
    [InlineData("all() x", 6, MoreOrEnd)]
    [InlineData("a == 'x' b", 9, MoreOrEnd)]
    [InlineData("a in {'x'} extra", 11, MoreOrEnd)]
    [InlineData("a == 'x' 'y'", 9, MoreOrEnd)]
    public void Rejected_text_reports_offset_and_expectation(string text, int offset, string expected)
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(text));

        Assert.Equal(offset, error.Offset);
        Assert.Equal(expected, error.Expected);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith($"at offset {offset}: expected {expected}, found ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a == }", "at offset 5: expected a string in quotes, found '}'")]
    [InlineData("a == 'x'\n", "at offset 8: expected '&&', '||' or end of selector, found a line break")]
    [InlineData("has (a)", "at offset 3: expected '(' right after 'has', found ' '")]
    [InlineData("!= 'x'", "at offset 0: expected a label key, has(...), all(), global(), '!' or '(', found '!='")]
    [InlineData("a IN {'x'}", "at offset 2: expected an operator (==, !=, in, not in, contains, starts with, ends with), found 'IN'")]
    [InlineData("a == 'x", "at offset 5: expected a closing ' for the string that starts here, found end of selector")]
    [InlineData("has(a) || \u0001", "at offset 10: expected a label key, has(...), all(), global(), '!' or '(', found the control character U+0001")]
    public void Error_message_is_one_plain_line(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<SelectorParseException>(() => Selector.Parse(text)).Message);
    }

    [Fact]
    public void Key_of_512_characters_is_accepted()
    {
        var selector = Selector.Parse($"{LongestKey} == 'x' && has({LongestKey})");

        Assert.True(selector.Matches(new Dictionary<string, string> { [LongestKey] = "x" }));
    }

    [Fact]
    public void Key_of_513_characters_is_rejected_at_its_start()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse($"has(a) || {TooLongKey} == 'x'"));

        Assert.Equal(10, error.Offset);
        Assert.Equal("a label key of at most 512 characters", error.Expected);
    }

    [Fact]
    public void Key_of_513_characters_inside_has_is_rejected_at_its_start()
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse($"has({TooLongKey})"));

        Assert.Equal(4, error.Offset);
        Assert.Equal("a label key of at most 512 characters", error.Expected);
    }

    [Fact]
    public void Text_longer_than_the_limit_is_rejected_with_a_clear_error()
    {
        var text = "has(a)" + new string(' ', Selector.MaxLength);

        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(text));

        Assert.Equal(Selector.MaxLength, error.Offset);
        Assert.Equal("a selector of at most 10000 characters", error.Expected);
    }

    [Fact]
    public void Text_at_the_length_limit_is_accepted()
    {
        var text = "has(a)" + new string(' ', Selector.MaxLength - 6);

        Assert.Equal(new HasNode("a"), Selector.Parse(text).Root);
    }

    [Fact]
    public void Parentheses_nested_to_the_limit_are_accepted()
    {
        var depth = Selector.MaxNestingDepth;
        var text = new string('(', depth) + "has(a)" + new string(')', depth);

        Assert.Equal(new HasNode("a"), Selector.Parse(text).Root);
    }

    [Fact]
    public void Parentheses_nested_past_the_limit_give_a_clean_error_at_the_offending_parenthesis()
    {
        var depth = Selector.MaxNestingDepth + 1;
        var text = new string('(', depth) + "has(a)" + new string(')', depth);

        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(text));

        Assert.Equal(Selector.MaxNestingDepth, error.Offset);
        Assert.Equal("at most 100 levels of nested parentheses", error.Expected);
    }

    [Fact]
    public void Pathologically_deep_nesting_is_rejected_without_overflowing_the_stack()
    {
        var text = string.Concat(Enumerable.Repeat("!(", 1_500)) + "has(a)" + new string(')', 1_500);

        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(text));

        Assert.Equal(201, error.Offset);
    }

    [Fact]
    public void Long_flat_chains_parse_and_evaluate()
    {
        var text = string.Join(" && ", Enumerable.Repeat("has(a)", 1_000));

        var selector = Selector.Parse(text);

        Assert.Equal(1_000, Assert.IsType<AndNode>(selector.Root).Operands.Length);
        Assert.True(selector.Matches(LabelSet.Of("a=1")));
        Assert.Equal(selector, Selector.Parse(selector.ToCanonicalString()));
    }

    [Fact]
    public void Failed_parse_leaves_nothing_behind_for_the_next_parse()
    {
        Assert.Throws<SelectorParseException>(() => Selector.Parse("has(a) || (has(b) && has(c) && a in {'x', 'y'"));

        var selector = Selector.Parse("has(d) || has(e) && a in {'z'}");

        Assert.Equal(
            new OrNode(new HasNode("d"), new AndNode(new HasNode("e"), new InNode("a", new LabelValueSet(["z"])))),
            selector.Root);
    }

    [Fact]
    public void Parentheses_around_an_operand_of_the_same_operator_do_not_change_the_tree()
    {
        Assert.Equal(
            Selector.Parse("has(a) || has(b) || has(c) || has(d)"),
            Selector.Parse("(has(a) || (has(b) || has(c))) || has(d)"));
    }

    [Fact]
    public void Parses_on_many_threads_at_once_give_the_same_trees()
    {
        const string text = "! has(my-label) || my-label starts with 'prod' && (role in {'frontend','business'} || tier == 'x')";
        var expected = Selector.Parse(text);

        var results = new Selector[2_000];
        Parallel.For(0, results.Length, i => results[i] = Selector.Parse(text));

        Assert.All(results, selector => Assert.Equal(expected, selector));
    }

    [Fact]
    public void TryParse_returns_the_selector_for_valid_text()
    {
        Assert.True(Selector.TryParse("has(a)", out var selector, out var error));
        Assert.Equal(new HasNode("a"), selector.Root);
        Assert.Null(error);
    }

    [Fact]
    public void TryParse_returns_the_error_for_invalid_text()
    {
        Assert.False(Selector.TryParse("has(a", out var selector, out var error));
        Assert.Null(selector);
        Assert.Equal(5, error.Offset);
    }

    [Fact]
    public void Parse_rejects_null_text()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.Parse(null!));
    }

    [Fact]
    public void Parse_error_is_a_format_exception()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<SelectorParseException>(() => Selector.Parse("(")));
    }
}
