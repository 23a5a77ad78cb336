using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Api.Validation;

/// <summary>
/// Upstream's Event validation (pkg/apis/core/validation/events.go) over the stored core/v1 shape.
/// Every write passes the legacy rules (an event with eventTime names its reporter, action and
/// reason); writes through events.k8s.io/v1 are strict as well: eventTime and a Normal/Warning
/// type required, the deprecated fields unset on create, and on update the event's facts
/// immutable. Field paths are upstream's internal ones (reportingController, not
/// reportingComponent), as its messages name them.
/// </summary>
public static class EventValidator
{
    private const int ReportingInstanceLengthLimit = 128;
    private const int ActionLengthLimit = 128;
    private const int ReasonLengthLimit = 128;
    private const int NoteLengthLimit = 1024;

    // (stored core/v1 field, upstream's path) of what an events.k8s.io/v1 update may not change, in upstream's order.
    private static readonly (string Field, string Path)[] Immutable =
    [
        ("involvedObject", "involvedObject"), ("reason", "reason"), ("message", "message"), ("source", "source"),
        ("firstTimestamp", "firstTimestamp"), ("lastTimestamp", "lastTimestamp"), ("count", "count"), ("type", "type"),
        ("eventTime", "eventTime"), ("action", "action"), ("related", "related"),
        ("reportingComponent", "reportingController"), ("reportingInstance", "reportingInstance"),
    ];

    /// <param name="strict">Whether the request came through events.k8s.io/v1 (core/v1 keeps the legacy rules only).</param>
    public static IReadOnlyList<FieldError> ValidateCreate(JsonObject evt, bool strict)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var errors = Legacy(evt);
        if (!strict)
        {
            return errors;
        }

        Series(evt, errors);
        if (IsZeroTime(evt["eventTime"]))
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        if (Text(evt["type"]) is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "", $"has invalid value: {Text(evt["type"])}"));
        }

        foreach (var field in (ReadOnlySpan<string>)["firstTimestamp", "lastTimestamp"])
        {
            if (!IsZeroTime(evt[field]))
            {
                errors.Add(FieldError.Invalid(field, "", "needs to be unset"));
            }
        }

        if (Integer(evt["count"]) != 0)
        {
            errors.Add(FieldError.Invalid("count", "", "needs to be unset"));
        }

        if (Text(evt["source"]?["component"]).Length > 0 || Text(evt["source"]?["host"]).Length > 0)
        {
            errors.Add(FieldError.Invalid("source", "", "needs to be unset"));
        }

        return errors;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(JsonObject evt, JsonObject old, bool strict)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(old);
        var errors = Legacy(evt);
        if (!strict)
        {
            return errors;
        }

        if (!JsonNode.DeepEquals(evt["series"], old["series"]))
        {
            Series(evt, errors);
        }

        foreach (var (field, path) in Immutable)
        {
            if (!JsonNode.DeepEquals(Present(evt[field]), Present(old[field])))
            {
                errors.Add(FieldError.Invalid(path, evt[field]?.DeepClone() ?? JsonValue.Create(""), ObjectMetaValidator.FieldImmutable));
            }
        }

        return errors;
    }

    private static List<FieldError> Legacy(JsonObject evt)
    {
        var errors = new List<FieldError>();
        var ns = Text(evt["metadata"]?["namespace"]);
        var involvedNs = Text(evt["involvedObject"]?["namespace"]);
        if (IsZeroTime(evt["eventTime"]))
        {
            // An old-style event of a cluster-scoped object may live in "" or "default" (old clients).
            if (involvedNs.Length == 0 ? ns is not ("" or "default") : ns != involvedNs)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }
        }
        else
        {
            if (involvedNs.Length == 0 && ns is not ("default" or "kube-system"))
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
            }

            var controller = Text(evt["reportingComponent"]);
            if (controller.Length == 0)
            {
                errors.Add(FieldError.Required("reportingController"));
            }

            foreach (var message in NameValidation.IsQualifiedName(controller))
            {
                errors.Add(FieldError.Invalid("reportingController", controller, message));
            }

            Bounded(errors, evt, "reportingInstance", "reportingInstance", ReportingInstanceLengthLimit, required: true);
            Bounded(errors, evt, "action", "action", ActionLengthLimit, required: true);
            Bounded(errors, evt, "reason", "reason", ReasonLengthLimit, required: true);
            Bounded(errors, evt, "message", "message", NoteLengthLimit, required: false);
        }

        foreach (var message in NameValidation.IsDNS1123Subdomain(ns))
        {
            errors.Add(FieldError.Invalid("namespace", ns, message));
        }

        return errors;
    }

    private static void Bounded(List<FieldError> errors, JsonObject evt, string field, string path, int limit, bool required)
    {
        var value = Text(evt[field]);
        if (required && value.Length == 0)
        {
            errors.Add(FieldError.Required(path));
        }

        if (value.Length > limit)
        {
            errors.Add(FieldError.Invalid(path, "", string.Create(CultureInfo.InvariantCulture, $"can have at most {limit} characters")));
        }
    }

    private static void Series(JsonObject evt, List<FieldError> errors)
    {
        if (evt["series"] is not JsonObject series)
        {
            return;
        }

        if (Integer(series["count"]) < 2)
        {
            errors.Add(FieldError.Invalid("series.count", "", "should be at least 2"));
        }

        if (IsZeroTime(series["lastObservedTime"]))
        {
            errors.Add(FieldError.Required("series.lastObservedTime"));
        }
    }

    // Go's zero time serializes as null (or is left out); both mean "unset".
    private static bool IsZeroTime(JsonNode? node) => Text(node) is "" or "0001-01-01T00:00:00Z" or "0001-01-01T00:00:00.000000Z";

    // Absent, null and Go's zero values compare equal, as the typed objects upstream compares would.
    private static JsonNode? Present(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null ? null : node;

    private static string Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static long Integer(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
}
