using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorEvaluationTests
{
    [Theory]
    // all() and global()
    [InlineData("all()", "", true)]
    [InlineData("all()", "a=1", true)]
    [InlineData("global()", "", true)]
    [InlineData("global()", "a=1", true)]
    [InlineData("!all()", "a=1", false)]
    [InlineData("!global()", "", false)]
    // ==
    [InlineData("a == '1'", "a=1", true)]
    [InlineData("a == '1'", "a=2", false)]
    [InlineData("a == '1'", "b=1", false)]
    [InlineData("a == '1'", "", false)]
    [InlineData("a == ''", "a=", true)]
    [InlineData("a == ''", "", false)]
    [InlineData("a == 'x'", "a=X", false)]
    [InlineData("a == 'x'", "A=x", false)]
    // !=
    [InlineData("a != '1'", "a=2", true)]
    [InlineData("a != '1'", "a=1", false)]
    [InlineData("a != '1'", "", true)]
    [InlineData("a != '1'", "b=1", true)]
    [InlineData("a != ''", "a=", false)]
    // has()
    [InlineData("has(a)", "a=1", true)]
    [InlineData("has(a)", "a=", true)]
    [InlineData("has(a)", "b=1", false)]
    [InlineData("has(a)", "", false)]
    [InlineData("!has(a)", "", true)]
    [InlineData("!has(a)", "a=", false)]
    // in
    [InlineData("a in {'1', '2'}", "a=1", true)]
    [InlineData("a in {'1', '2'}", "a=2", true)]
    [InlineData("a in {'1', '2'}", "a=3", false)]
    [InlineData("a in {'1', '2'}", "", false)]
    [InlineData("a in {}", "a=1", false)]
    [InlineData("a in {}", "", false)]
    [InlineData("a in {''}", "a=", true)]
    [InlineData("a in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=11", true)]
    [InlineData("a in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=13", false)]
    [InlineData("a in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=1", true)]
    [InlineData("a in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=9", true)]
    // not in
    [InlineData("a not in {'1', '2'}", "a=3", true)]
    [InlineData("a not in {'1', '2'}", "a=1", false)]
    [InlineData("a not in {'1', '2'}", "", true)]
    [InlineData("a not in {'1', '2'}", "b=1", true)]
    [InlineData("a not in {}", "a=1", true)]
    [InlineData("a not in {}", "", true)]
    [InlineData("a not in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=12", false)]
    [InlineData("a not in {'1','2','3','4','5','6','7','8','9','10','11','12'}", "a=0", true)]
    // contains
    [InlineData("a contains 'ell'", "a=hello", true)]
    [InlineData("a contains 'hello'", "a=hello", true)]
    [InlineData("a contains 'ELL'", "a=hello", false)]
    [InlineData("a contains 'x'", "a=hello", false)]
    [InlineData("a contains 'x'", "", false)]
    [InlineData("a contains ''", "a=", true)]
    [InlineData("a contains ''", "", false)]
    // starts with
    [InlineData("a starts with 'he'", "a=hello", true)]
    [InlineData("a starts with 'lo'", "a=hello", false)]
    [InlineData("a starts with 'He'", "a=hello", false)]
    [InlineData("a starts with 'he'", "", false)]
    [InlineData("a starts with ''", "a=x", true)]
    [InlineData("a starts with 'hello!'", "a=hello", false)]
    // ends with
    [InlineData("a ends with 'lo'", "a=hello", true)]
    [InlineData("a ends with 'he'", "a=hello", false)]
    [InlineData("a ends with 'LO'", "a=hello", false)]
    [InlineData("a ends with 'lo'", "", false)]
    [InlineData("a ends with ''", "a=x", true)]
    // and, or, not, grouping
    [InlineData("a == '1' && b == '2'", "a=1,b=2", true)]
    [InlineData("a == '1' && b == '2'", "a=1,b=3", false)]
    [InlineData("a == '1' && b == '2'", "a=1", false)]
    [InlineData("a == '1' || b == '2'", "a=1", true)]
    [InlineData("a == '1' || b == '2'", "b=2", true)]
    [InlineData("a == '1' || b == '2'", "a=2,b=1", false)]
    [InlineData("!(a == '1' || b == '2')", "a=2,b=1", true)]
    [InlineData("!(a == '1' && b == '2')", "a=1,b=2", false)]
    [InlineData("!a == '1'", "a=1", false)]
    [InlineData("!a == '1'", "a=2", true)]
    [InlineData("!!has(a)", "a=1", true)]
    [InlineData("!!!has(a)", "a=1", false)]
    [InlineData("!(!has(a))", "a=1", true)]
    [InlineData("has(a) && has(b) && has(c)", "a=,b=,c=", true)]
    [InlineData("has(a) && has(b) && has(c)", "a=,b=", false)]
    [InlineData("has(a) || has(b) || has(c)", "c=", true)]
    [InlineData("has(a) || has(b) || has(c)", "d=", false)]
    // && binds tighter than ||
    [InlineData("has(a) || has(b) && has(c)", "a=", true)]
    [InlineData("(has(a) || has(b)) && has(c)", "a=", false)]
    [InlineData("has(a) && has(b) || has(c)", "c=", true)]
    [InlineData("has(a) && (has(b) || has(c))", "c=", false)]
    // ! binds tighter than && and ||
    [InlineData("!has(a) && has(b)", "b=", true)]
    [InlineData("!(has(a) && has(b))", "a=", true)]
    [InlineData("!has(a) && has(b)", "a=", false)]
    [InlineData("!has(a) || has(b)", "a=", false)]
    // match operators bind tighter than !
    [InlineData("!a in {'1'}", "a=1", false)]
    [InlineData("!a in {'1'}", "", true)]
    public void Selector_evaluates_as_specified(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, Selector.Parse(selector).Matches(LabelSet.Of(labels)));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("my-label=production", false)]
    [InlineData("my-label=production,role=frontend", true)]
    [InlineData("my-label=production,role=business", true)]
    [InlineData("my-label=production,role=backend", false)]
    [InlineData("my-label=staging,role=frontend", false)]
    [InlineData("role=backend", true)]
    [InlineData("my-label=prod,role=frontend", true)]
    public void Spec_example_evaluates_like_its_fully_parenthesised_form(string labels, bool expected)
    {
        var example = Selector.Parse("! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}");
        var parenthesised = Selector.Parse(
            "((!has(my-label)) || ((my-label starts with 'prod') && (role in {'frontend','business'})))");
        var endpoint = LabelSet.Of(labels);

        Assert.Equal(expected, example.Matches(endpoint));
        Assert.Equal(expected, parenthesised.Matches(endpoint));
    }

    [Fact]
    public void Spec_example_parses_to_the_tree_of_its_fully_parenthesised_form()
    {
        var example = Selector.Parse("! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}");
        var expected = new OrNode(
            new NotNode(new HasNode("my-label")),
            new AndNode(
                new StartsWithNode("my-label", "prod"),
                new InNode("role", new LabelValueSet(["frontend", "business"]))));

        Assert.Equal(expected, example.Root);
        Assert.Equal(
            Selector.Parse("((!has(my-label)) || ((my-label starts with 'prod') && (role in {'frontend','business'})))"),
            example);
    }

    [Fact]
    public void Not_equal_matches_when_label_absent()
    {
        Assert.True(Selector.Parse("tier != 'db'").Matches(LabelSet.Of("app=web")));
    }

    [Fact]
    public void Not_in_matches_when_label_absent()
    {
        Assert.True(Selector.Parse("tier not in {'db', 'cache'}").Matches(LabelSet.Of("app=web")));
    }

    [Fact]
    public void Value_with_a_line_break_inside_quotes_is_kept_and_compared()
    {
        var selector = Selector.Parse("a == 'x\ny'");

        Assert.True(selector.Matches(new Dictionary<string, string> { ["a"] = "x\ny" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["a"] = "xy" }));
    }

    [Fact]
    public void Matching_works_on_any_read_only_dictionary()
    {
        IReadOnlyDictionary<string, string> labels = new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(
            LabelSet.Of("app=web"));

        Assert.True(Selector.Parse("app in {'web'}").Matches(labels));
    }
}
