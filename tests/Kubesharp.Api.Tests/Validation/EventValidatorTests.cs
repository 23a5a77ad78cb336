using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Tests.Validation;

public sealed class EventValidatorTests
{
    private static JsonObject Event(string json) => JsonNode.Parse(json)!.AsObject();

    private static List<string> Messages(IEnumerable<FieldError> errors) => [.. errors.Select(e => e.ToString())];

    [Fact]
    public void ValidateCreate_LegacyEventOfClusterScopedObject_MayLiveInDefaultOnly()
    {
        var inDefault = Event("""{"metadata":{"name":"e","namespace":"default"},"involvedObject":{"kind":"Node","name":"n1"}}""");
        var elsewhere = Event("""{"metadata":{"name":"e","namespace":"team"},"involvedObject":{"kind":"Node","name":"n1"}}""");

        Assert.Empty(EventValidator.ValidateCreate(inDefault, strict: false));
        Assert.Equal(["involvedObject.namespace: Invalid value: \"\": does not match event.namespace"], Messages(EventValidator.ValidateCreate(elsewhere, strict: false)));
    }

    [Fact]
    public void ValidateCreate_EventTimeSet_RequiresReporterActionReasonAndBoundsLengths()
    {
        var evt = Event($$"""{"metadata":{"name":"e","namespace":"default"},"involvedObject":{"namespace":"default"},"eventTime":"2026-01-01T00:00:00.000000Z","action":"{{new string('a', 129)}}","reason":"R","reportingComponent":"Not Qualified!","reportingInstance":"i"}""");

        var messages = Messages(EventValidator.ValidateCreate(evt, strict: false));

        Assert.Contains(messages, m => m.StartsWith("reportingController: Invalid value: \"Not Qualified!\": name part must consist of alphanumeric characters", StringComparison.Ordinal));
        Assert.Contains("action: Invalid value: \"\": can have at most 128 characters", messages);
        Assert.DoesNotContain(messages, m => m.StartsWith("reason", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateCreate_Strict_WantsEventTimeTypeAndNoDeprecatedFields()
    {
        var evt = Event("""{"metadata":{"name":"e","namespace":"default"},"involvedObject":{"namespace":"default"},"type":"Normal","count":1,"source":{"component":"c"},"firstTimestamp":"2026-01-01T00:00:00Z","series":{"count":1}}""");

        var messages = Messages(EventValidator.ValidateCreate(evt, strict: true));

        Assert.Equal(
            [
                "series.count: Invalid value: \"\": should be at least 2",
                "series.lastObservedTime: Required value",
                "eventTime: Required value",
                "firstTimestamp: Invalid value: \"\": needs to be unset",
                "count: Invalid value: \"\": needs to be unset",
                "source: Invalid value: \"\": needs to be unset",
            ],
            messages);
    }

    [Fact]
    public void ValidateUpdate_Strict_KeepsFactsImmutableButLegacyDoesNot()
    {
        var old = Event("""{"metadata":{"name":"e","namespace":"default"},"involvedObject":{"namespace":"default"},"eventTime":"2026-01-01T00:00:00.000000Z","action":"A","reason":"R","reportingComponent":"c","reportingInstance":"i","message":"m"}""");
        var changed = (JsonObject)old.DeepClone();
        changed["message"] = "other";
        changed["series"] = JsonNode.Parse("""{"count":3,"lastObservedTime":"2026-01-01T00:00:05.000000Z"}""");

        Assert.Equal(["message: Invalid value: \"other\": field is immutable"], Messages(EventValidator.ValidateUpdate(changed, old, strict: true)));
        Assert.Empty(EventValidator.ValidateUpdate(changed, old, strict: false));
    }
}
