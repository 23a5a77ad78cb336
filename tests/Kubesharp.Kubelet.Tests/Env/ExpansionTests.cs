using Kubesharp.Kubelet.Env;

namespace Kubesharp.Kubelet.Tests.Env;

public sealed class ExpansionTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["A"] = "a", ["B"] = "$(A)", ["EMPTY"] = "" };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$(A)", "a")]
    [InlineData("x$(A)y$(A)", "xaya")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$$(A)", "$a")]
    [InlineData("$$$$(A)", "$$(A)")]
    [InlineData("$(A", "$(A")]
    [InlineData("$(A$(A)", "$(A$(A)")]
    [InlineData("$", "$")]
    [InlineData("a$", "a$")]
    [InlineData("$x", "$x")]
    [InlineData("$$", "$")]
    [InlineData("$()", "$()")]
    [InlineData("$(EMPTY)-", "-")]
    [InlineData("$(B)", "$(A)")]
    public void Expand_Table_MatchesUpstream(string input, string expected)
    {
        Assert.Equal(expected, Expansion.Expand(input, name => Vars.GetValueOrDefault(name)));
    }
}
