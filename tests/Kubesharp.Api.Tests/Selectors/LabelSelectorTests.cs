using System.Text.Json.Nodes;
using Kubesharp.Api.Selectors;

namespace Kubesharp.Api.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static JsonObject Labels(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("", "")]
    [InlineData("x=a", "x=a")]
    [InlineData("x==a", "x==a")]
    [InlineData("x!=a", "x!=a")]
    [InlineData("y=a,x=b", "x=b,y=a")]
    [InlineData("x in (b,a)", "x in (a,b)")]
    [InlineData("x notin (a)", "x notin (a)")]
    [InlineData("x", "x")]
    [InlineData("!x", "!x")]
    [InlineData("  x  =  a  ,  !y ", "x=a,!y")]
    [InlineData("x=", "x=")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x in (,a)", "x in (,a)")]
    [InlineData("x in (in,notin)", "x in (in,notin)")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<1", "x<1")]
    [InlineData("example.com/app=web", "example.com/app=web")]
    [InlineData("x\tin\t(a)", "x in (a)")]
    public void Parse_ValidSyntax_HasCanonicalText(string selector, string expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).ToString());
    }

    [Theory]
    [InlineData("x=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData(",x", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("x,", "found '', expected: identifier after ','")]
    [InlineData("x=a,,y", "found ',', expected: identifier after ','")]
    [InlineData("x!", "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x=(a)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Parse_BadSyntax_ThrowsUpstreamMessage(string selector, string message)
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse(selector));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_InvalidKey_ReportsTheQualifiedNameRule()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("-x=a"));

        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
            + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            error.Message);
    }

    [Fact]
    public void Parse_InvalidValue_ReportsTheLabelValueRule()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("app=-web"));

        Assert.StartsWith("unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLongValue_ReportsBothRules()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.Parse("app=" + new string('a', 64)));

        Assert.Contains("must be no more than 63 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app=web", """{"app":"web"}""", true)]
    [InlineData("app=web", """{"app":"db"}""", false)]
    [InlineData("app=web", """{}""", false)]
    [InlineData("app!=web", """{}""", true)]
    [InlineData("app!=web", """{"app":"web"}""", false)]
    [InlineData("app in (a,b)", """{"app":"b"}""", true)]
    [InlineData("app in (a,b)", """{"app":"c"}""", false)]
    [InlineData("app notin (a,b)", """{"app":"c"}""", true)]
    [InlineData("app notin (a,b)", """{}""", true)]
    [InlineData("app notin (a,b)", """{"app":"a"}""", false)]
    [InlineData("app", """{"app":""}""", true)]
    [InlineData("app", """{"other":"x"}""", false)]
    [InlineData("!app", """{"other":"x"}""", true)]
    [InlineData("!app", """{"app":"x"}""", false)]
    [InlineData("app=", """{"app":""}""", true)]
    [InlineData("n>5", """{"n":"6"}""", true)]
    [InlineData("n>5", """{"n":"5"}""", false)]
    [InlineData("n<5", """{"n":"x"}""", false)]
    [InlineData("app=web,tier=db", """{"app":"web","tier":"db"}""", true)]
    [InlineData("app=web,tier=db", """{"app":"web","tier":"fe"}""", false)]
    [InlineData("", """{"app":"web"}""", true)]
    public void Matches_FollowsOperatorSemantics(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels(labels)));
    }

    [Fact]
    public void Matches_NullLabels_AreAnEmptySet()
    {
        Assert.True(LabelSelector.Parse("!app").Matches(null));
        Assert.False(LabelSelector.Parse("app").Matches(null));
    }

    [Fact]
    public void MatchesObject_ReadsMetadataLabels()
    {
        var pod = JsonNode.Parse("""{"metadata":{"name":"p","labels":{"app":"web"}}}""")!.AsObject();

        Assert.True(LabelSelector.Parse("app=web").MatchesObject(pod));
        Assert.False(LabelSelector.Parse("app=db").MatchesObject(pod));
    }

    [Fact]
    public void FromObject_MatchLabelsAndExpressions_AreAnded()
    {
        var selector = LabelSelector.FromObject(JsonNode.Parse("""
            {"matchLabels":{"app":"web"},
             "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},
                                 {"key":"debug","operator":"DoesNotExist"},
                                 {"key":"zone","operator":"Exists"}]}
            """)!.AsObject());

        Assert.Equal("app=web,!debug,tier in (be,fe),zone", selector.ToString());
        Assert.True(selector.Matches(Labels("""{"app":"web","tier":"fe","zone":"a"}""")));
        Assert.False(selector.Matches(Labels("""{"app":"web","tier":"fe","zone":"a","debug":"1"}""")));
    }

    [Fact]
    public void FromObject_NullSelectsNothing_EmptySelectsEverything()
    {
        Assert.False(LabelSelector.FromObject(null).Matches(Labels("{}")));
        Assert.True(LabelSelector.FromObject(new JsonObject()).Matches(Labels("""{"a":"b"}""")));
        Assert.False(LabelSelector.Nothing.IsEmpty);
        Assert.True(LabelSelector.Everything.IsEmpty);
    }

    [Fact]
    public void FromObject_UnknownOperator_Throws()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.FromObject(
            JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Bogus"}]}""")!.AsObject()));

        Assert.Equal("\"Bogus\" is not a valid label selector operator", error.Message);
    }

    [Fact]
    public void FromObject_InWithoutValues_Throws()
    {
        var error = Assert.Throws<SelectorException>(() => LabelSelector.FromObject(
            JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}""")!.AsObject()));

        Assert.Equal("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty", error.Message);
    }
}
