using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Client.Tests.Rest;

public sealed class JsonTreeReaderTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","labels":{"app":"w\u00e9b","tier":"a\"b"},"generation":3},
         "spec":{"priority":0,"terminationGracePeriodSeconds":30,"overhead":null,"hostNetwork":false,"enableServiceLinks":true,
         "containers":[{"name":"c","ports":[{"containerPort":8080}]}]},"status":{"ratio":0.25,"big":12345678901234,"conditions":[]}}
        """;

    [Fact]
    public void Read_Pod_SameTreeAsTheStandardParser()
    {
        var tree = new JsonTreeReader().Read(Encoding.UTF8.GetBytes(Pod));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Pod), tree));
        Assert.Equal("w\u00e9b", tree!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("a\"b", tree["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        Assert.Null(tree["spec"]!["overhead"]);
        Assert.True(tree["spec"]!.AsObject().ContainsKey("overhead"));
        Assert.False(tree["spec"]!["hostNetwork"]!.GetValue<bool>());
        Assert.Empty(tree["status"]!["conditions"]!.AsArray());
    }

    [Fact]
    public void Read_Numbers_ConvertToEveryNumericTypeAsBefore()
    {
        var tree = new JsonTreeReader().Read(Encoding.UTF8.GetBytes(Pod))!;

        Assert.Equal(3, tree["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal(30L, tree["spec"]!["terminationGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(8080, tree["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal(0.25, tree["status"]!["ratio"]!.GetValue<double>());
        Assert.Equal(12345678901234L, tree["status"]!["big"]!.GetValue<long>());
        Assert.False(tree["status"]!["ratio"]!.AsValue().TryGetValue<int>(out _));
        Assert.Equal(JsonValueKind.Number, tree["spec"]!["priority"]!.GetValueKind());
    }

    [Fact]
    public void Read_TwoTrees_SharePropertyNamesAndStayIndependent()
    {
        var reader = new JsonTreeReader();
        var first = reader.Read(Encoding.UTF8.GetBytes(Pod))!.AsObject();
        var second = reader.Read(Encoding.UTF8.GetBytes(Pod))!.AsObject();

        Assert.Same(first.First().Key, second.First().Key);
        second["metadata"]!["name"] = "web-2";
        Assert.Equal("web-1", first["metadata"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{\"a\":")]
    public void Read_NotOneJsonValue_Throws(string text)
    {
        Assert.ThrowsAny<JsonException>(() => new JsonTreeReader().Read(Encoding.UTF8.GetBytes(text)));
    }
}
