using FsCheck.Xunit;
using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorPropertyTests
{
    [Property(Arbitrary = [typeof(SelectorGenerators)], MaxTest = 500)]
    public void Canonical_text_of_any_tree_parses_back_to_an_equal_tree(SelectorNode tree)
    {
        var canonical = new Selector(tree).ToCanonicalString();

        var reparsed = Selector.Parse(canonical);

        Assert.Equal(tree, reparsed.Root);
        Assert.Equal(canonical, reparsed.ToCanonicalString());
    }

    [Property(Arbitrary = [typeof(SelectorGenerators)], MaxTest = 1000)]
    public void Any_spelling_evaluates_like_its_canonical_form(SelectorText written)
    {
        var original = Selector.Parse(written.Text);
        var canonical = Selector.Parse(original.ToCanonicalString());

        Assert.Equal(original.Matches(written.Labels), canonical.Matches(written.Labels));
        Assert.Equal(ReferenceEvaluator.Evaluate(written.Tree, written.Labels), original.Matches(written.Labels));
        Assert.Equal(written.Tree, original.Root);
    }

    [Property(Arbitrary = [typeof(SelectorGenerators)], MaxTest = 500)]
    public void Evaluation_agrees_with_the_specification_table(TreeAndLabels sample)
    {
        Assert.Equal(ReferenceEvaluator.Evaluate(sample.Tree, sample.Labels), sample.Tree.Matches(sample.Labels));
    }
}
