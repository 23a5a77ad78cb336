using System.Text.Json.Nodes;
using Kubesharp.Controllers.Disruption;

namespace Kubesharp.Controllers.Tests.Disruption;

public sealed class BudgetMathTests
{
    [Theory]
    [InlineData("2", null, 5, 2)]
    [InlineData("\"50%\"", null, 5, 3)] // minAvailable percent rounds up
    [InlineData(null, "1", 5, 4)]
    [InlineData(null, "\"30%\"", 5, 3)] // maxUnavailable percent rounds up too: 5 - 2
    [InlineData(null, "\"100%\"", 3, 0)]
    [InlineData(null, null, 3, 0)]
    public void DesiredHealthy_IntOrPercent_AsUpstream(string? minAvailable, string? maxUnavailable, int expected, int desired) =>
        Assert.Equal(desired, BudgetMath.DesiredHealthy(Parse(minAvailable), Parse(maxUnavailable), expected));

    [Fact]
    public void Allowed_NothingExpectedOrTooFewHealthy_IsZero()
    {
        Assert.Equal(0, BudgetMath.Allowed(currentHealthy: 3, desiredHealthy: 0, expected: 0));
        Assert.Equal(0, BudgetMath.Allowed(currentHealthy: 1, desiredHealthy: 2, expected: 3));
        Assert.Equal(2, BudgetMath.Allowed(currentHealthy: 4, desiredHealthy: 2, expected: 4));
    }

    [Fact]
    public void DesiredHealthy_Malformed_IsNull() => Assert.Null(BudgetMath.DesiredHealthy(JsonValue.Create("half"), null, 4));

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}
