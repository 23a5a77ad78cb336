using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.Conversion;

/// <summary>
/// Built-in resources served in more than one version over one storage (upstream's storage
/// version plus conversion): HorizontalPodAutoscalers are stored as autoscaling/v2 and served
/// as v1 too; Events are stored as core/v1 and served as events.k8s.io/v1 too. Every other
/// built-in is stored as served. Reads return new objects and never change the stored one; an
/// object already in the wanted version is returned as it is (writes may reuse the body).
/// </summary>
public static class VersionConversion
{
    /// <summary>The apiVersion objects of <paramref name="type"/> are stored in.</summary>
    public static string StorageApiVersion(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return (type.Group, type.Plural) switch
        {
            ("autoscaling", "horizontalpodautoscalers") => "autoscaling/v2",
            ("" or "events.k8s.io", "events") => "v1",
            _ => type.ApiVersion,
        };
    }

    /// <summary>Whether the kind is served in several versions over one storage (whichever of them <paramref name="type"/> is).</summary>
    public static bool IsMultiVersion(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Custom is null && (type.Group, type.Plural) is ("autoscaling", "horizontalpodautoscalers") or ("" or "events.k8s.io", "events");
    }

    /// <summary>Whether objects of <paramref name="type"/> are converted between the served and the stored version.</summary>
    public static bool Converts(ResourceType type) => type.Custom is null && StorageApiVersion(type) != type.ApiVersion;

    /// <summary>
    /// The object as stored, converted from the version its apiVersion names (a body may be in any
    /// served version of the group, whatever the URL's, as upstream's decoder allows).
    /// </summary>
    public static JsonObject ToStorage(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (type.Custom is not null || ApiVersionOf(obj) == StorageApiVersion(type))
        {
            return Canonical(type, obj);
        }

        return (type.Group, type.Plural, ApiVersionOf(obj)) switch
        {
            ("autoscaling", "horizontalpodautoscalers", "autoscaling/v1") => AutoscalerConversion.V1ToV2(obj),
            ("events.k8s.io", "events", "events.k8s.io/v1") => EventConversion.EventsToCore(obj),
            _ => obj,
        };
    }

    /// <summary>The stored object as <paramref name="type"/>'s version serves it.</summary>
    public static JsonObject FromStorage(ResourceType type, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        if (type.Custom is not null || ApiVersionOf(obj) == type.ApiVersion)
        {
            return obj;
        }

        return (type.Group, type.Plural, type.Version) switch
        {
            ("autoscaling", "horizontalpodautoscalers", "v1") => AutoscalerConversion.V2ToV1(obj),
            ("autoscaling", "horizontalpodautoscalers", "v2") => WithApiVersion(obj, type.ApiVersion),
            ("events.k8s.io", "events", "v1") => EventConversion.CoreToEvents(obj),
            _ => obj,
        };
    }

    private static string? ApiVersionOf(JsonObject obj) =>
        obj["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The stored form of an object already in the storage version: v2 autoscalers carry no round-trip annotations.</summary>
    private static JsonObject Canonical(ResourceType type, JsonObject obj)
    {
        if (type.Group == "autoscaling" && type.Plural == "horizontalpodautoscalers" && obj["metadata"] is JsonObject metadata)
        {
            AutoscalerConversion.DropRoundTripAnnotations(metadata);
        }

        return obj;
    }

    // Objects written before conversion existed (a v1 autoscaler stored as sent) read as v2 once
    // converted up; anything else only changes its apiVersion.
    private static JsonObject WithApiVersion(JsonObject obj, string apiVersion)
    {
        if (ApiVersionOf(obj) == "autoscaling/v1")
        {
            return AutoscalerConversion.V1ToV2(obj);
        }

        var copy = (JsonObject)obj.DeepClone();
        copy["apiVersion"] = apiVersion;
        return copy;
    }
}
