using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Tables;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>meta.k8s.io/v1 Table answers (kubectl get), built by the Tables converter with upstream's columns.</summary>
internal static class TableOutput
{
    public static IncludeObjectPolicy IncludeObject(string? query) =>
        TableOptions.TryParseIncludeObject(query, out var policy)
            ? policy
            : throw ApiErrors.BadRequest($"includeObject: Unsupported value: \"{query}\": supported values: \"None\", \"Metadata\", \"Object\"");

    public static JsonObject FromList(ResourceType type, JsonObject list, string? includeObject)
    {
        var metadata = list["metadata"] as JsonObject;
        var items = (list["items"] as JsonArray ?? []).OfType<JsonObject>();
        return TableConverter.Convert(type, items, new TableOptions
        {
            IncludeObject = IncludeObject(includeObject),
            ResourceVersion = metadata?["resourceVersion"]?.GetValue<string>(),
            Continue = metadata?["continue"]?.GetValue<string>(),
            RemainingItemCount = metadata?["remainingItemCount"]?.GetValue<long>(),
        });
    }

    public static JsonObject FromObject(ResourceType type, JsonObject obj, string? includeObject, bool noHeaders = false) =>
        TableConverter.Convert(type, [obj], new TableOptions
        {
            IncludeObject = IncludeObject(includeObject),
            ResourceVersion = Api.Objects.ObjectMeta.ResourceVersion(obj),
            NoHeaders = noHeaders,
        });
}
