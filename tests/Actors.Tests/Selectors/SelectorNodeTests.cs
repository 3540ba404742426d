using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorNodeTests
{
    [Fact]
    public void Sets_with_the_same_values_are_equal_whatever_the_order_or_duplicates()
    {
        var left = new InNode("a", new LabelValueSet(["x", "y", "x"]));
        var right = new InNode("a", new LabelValueSet(["y", "x"]));

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
    }

    [Fact]
    public void Sets_with_different_values_are_not_equal()
    {
        Assert.NotEqual(
            new InNode("a", new LabelValueSet(["x", "y"])),
            new InNode("a", new LabelValueSet(["x", "z"])));
        Assert.NotEqual(new LabelValueSet(["x"]), new LabelValueSet(["x", "y"]));
    }

    [Fact]
    public void In_and_not_in_with_equal_sets_are_different_nodes()
    {
        Assert.NotEqual<SelectorNode>(
            new InNode("a", new LabelValueSet(["x"])),
            new NotInNode("a", new LabelValueSet(["x"])));
    }

    [Fact]
    public void Comparison_nodes_with_equal_fields_but_different_operators_differ()
    {
        Assert.NotEqual<SelectorNode>(new EqualNode("a", "b"), new NotEqualNode("a", "b"));
        Assert.NotEqual<SelectorNode>(new StartsWithNode("a", "b"), new EndsWithNode("a", "b"));
        Assert.Equal<SelectorNode>(new ContainsNode("a", "b"), new ContainsNode("a", "b"));
    }

    [Fact]
    public void And_and_or_compare_operands_in_order()
    {
        var ab = new AndNode(new HasNode("a"), new HasNode("b"));

        Assert.Equal(ab, new AndNode(new HasNode("a"), new HasNode("b")));
        Assert.Equal(ab.GetHashCode(), new AndNode(new HasNode("a"), new HasNode("b")).GetHashCode());
        Assert.NotEqual(ab, new AndNode(new HasNode("b"), new HasNode("a")));
        Assert.NotEqual<SelectorNode>(ab, new OrNode(new HasNode("a"), new HasNode("b")));
    }

    [Fact]
    public void Nested_and_is_flattened_into_its_parent()
    {
        var nested = new AndNode(new AndNode(new HasNode("a"), new HasNode("b")), new HasNode("c"));

        Assert.Equal(3, nested.Operands.Length);
        Assert.Equal(new AndNode(new HasNode("a"), new HasNode("b"), new HasNode("c")), nested);
    }

    [Fact]
    public void And_needs_two_operands()
    {
        Assert.Throws<ArgumentException>(() => new AndNode(new HasNode("a")));
        Assert.Throws<ArgumentException>(() => new OrNode(Array.Empty<SelectorNode>()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a=b")]
    [InlineData("\u00e9")]
    public void Invalid_label_key_is_rejected_by_node_constructors(string key)
    {
        Assert.Throws<ArgumentException>(() => new HasNode(key));
        Assert.Throws<ArgumentException>(() => new EqualNode(key, "v"));
        Assert.Throws<ArgumentException>(() => new InNode(key, LabelValueSet.Empty));
    }

    [Fact]
    public void Value_with_both_quote_characters_is_rejected_because_it_cannot_be_written()
    {
        Assert.Throws<ArgumentException>(() => new EqualNode("a", "'\""));
        Assert.Throws<ArgumentException>(() => new LabelValueSet(["'\""]));
        Assert.Throws<ArgumentException>(() => Selector.All.ScopedToNamespace("'\""));
    }

    [Fact]
    public void Large_value_set_finds_members_by_binary_search()
    {
        var values = Enumerable.Range(0, 100).Select(i => $"v{i}").ToArray();
        var set = new LabelValueSet(values);

        Assert.All(values, value => Assert.True(set.Contains(value)));
        Assert.False(set.Contains("v100"));
        Assert.False(set.Contains(""));
        Assert.Equal(100, set.Count);
    }

    [Fact]
    public void Selectors_with_equal_trees_are_equal()
    {
        Assert.Equal(Selector.Parse("a == 'x' && has(b)"), Selector.Parse("(a==\"x\")&&has( b )"));
        Assert.NotEqual(Selector.Parse("a == 'x'"), Selector.Parse("a == 'y'"));
        Assert.Equal(Selector.Parse("a in {'x','y'}").GetHashCode(), Selector.Parse("a in {'y','x',}").GetHashCode());
    }
}
