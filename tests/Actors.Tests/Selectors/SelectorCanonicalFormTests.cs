using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorCanonicalFormTests
{
    [Fact]
    public void Scoping_to_a_namespace_appends_the_namespace_label_clause()
    {
        var scoped = Selector.Parse("k8s-app == \"sample-app\"").ScopedToNamespace("sample-namespace");

        Assert.Equal(
            "k8s-app == \"sample-app\" && projectcalico.org/namespace == \"sample-namespace\"",
            scoped.ToCanonicalString());
    }

    [Fact]
    public void Scoping_an_or_selector_keeps_it_parenthesised()
    {
        var scoped = Selector.Parse("has(a) || has(b)").ScopedToNamespace("ns");

        Assert.Equal("(has(a) || has(b)) && projectcalico.org/namespace == \"ns\"", scoped.ToString());
    }

    [Fact]
    public void Scoping_the_empty_selector_selects_the_whole_namespace()
    {
        var scoped = Selector.Parse("").ScopedToNamespace("ns");

        Assert.Equal("all() && projectcalico.org/namespace == \"ns\"", scoped.ToString());
        Assert.True(scoped.Matches(LabelSet.Of("projectcalico.org/namespace=ns")));
        Assert.False(scoped.Matches(LabelSet.Of("projectcalico.org/namespace=other")));
        Assert.False(scoped.Matches(LabelSet.Of("")));
    }

    [Fact]
    public void Scoped_selector_only_matches_endpoints_of_its_namespace()
    {
        var scoped = Selector.Parse("app == 'web'").ScopedToNamespace("shop");

        Assert.True(scoped.Matches(LabelSet.Of("app=web, projectcalico.org/namespace=shop")));
        Assert.False(scoped.Matches(LabelSet.Of("app=web, projectcalico.org/namespace=bank")));
        Assert.False(scoped.Matches(LabelSet.Of("app=db, projectcalico.org/namespace=shop")));
    }

    [Fact]
    public void Scoped_canonical_text_parses_back_to_an_equal_selector()
    {
        var scoped = Selector.Parse("!has(a) || b in {'x', 'y'}").ScopedToNamespace("ns");

        Assert.Equal(scoped, Selector.Parse(scoped.ToCanonicalString()));
    }

    [Fact]
    public void Namespace_label_constant_is_calicos()
    {
        Assert.Equal("projectcalico.org/namespace", Selector.NamespaceLabel);
    }

    [Fact]
    public void Canonical_string_is_computed_once()
    {
        var selector = Selector.Parse("a == 'b'");

        Assert.Same(selector.ToCanonicalString(), selector.ToCanonicalString());
        Assert.Same(selector.ToCanonicalString(), selector.ToString());
    }

    [Fact]
    public void Value_holding_a_double_quote_is_printed_in_single_quotes()
    {
        Assert.Equal("a == '\"'", new EqualNode("a", "\"").ToString());
        Assert.Equal("a == \"'\"", new EqualNode("a", "'").ToString());
    }

    [Fact]
    public void Built_nested_negation_is_printed_with_parentheses_and_round_trips()
    {
        var node = new NotNode(new NotNode(new HasNode("a")));

        Assert.Equal("!(!has(a))", node.ToString());
        Assert.Equal(node, Selector.Parse(node.ToString()).Root);
    }

    [Fact]
    public void Built_or_inside_and_is_parenthesised_and_and_inside_or_is_not()
    {
        var node = new OrNode(
            new AndNode(new HasNode("a"), new OrNode(new HasNode("b"), new HasNode("c"))),
            new NotNode(new AndNode(new HasNode("d"), new HasNode("e"))));

        Assert.Equal("has(a) && (has(b) || has(c)) || !(has(d) && has(e))", node.ToString());
        Assert.Equal(node, Selector.Parse(node.ToString()).Root);
    }

    [Fact]
    public void All_selector_prints_as_all()
    {
        Assert.Equal("all()", Selector.All.ToCanonicalString());
        Assert.Equal(Selector.All, Selector.Parse("  "));
    }
}
