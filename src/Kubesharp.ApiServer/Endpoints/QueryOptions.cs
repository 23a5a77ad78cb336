using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>Reads upstream's query parameters (and DeleteOptions bodies) into the registry's option records.</summary>
internal static class QueryOptions
{
    public static bool DryRun(IQueryCollection query)
    {
        var values = query["dryRun"];
        foreach (var value in values)
        {
            if (value != "All")
            {
                throw ApiErrors.BadRequest($"dryRun: Unsupported value: \"{value}\": supported values: \"All\"");
            }
        }

        return values.Count > 0;
    }

    /// <summary>dryRun and the field manager: fieldManager, else the User-Agent's product ("kubectl"), as upstream.</summary>
    public static WriteOptions Write(HttpContext context)
    {
        var query = context.Request.Query;
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0)
        {
            var agent = context.Request.Headers.UserAgent.ToString();
            var slash = agent.IndexOf('/', StringComparison.Ordinal);
            manager = slash > 0 ? agent[..slash] : agent;
        }

        if (manager.Length > 128)
        {
            throw ApiErrors.BadRequest("fieldManager: Too long: may not be more than 128 bytes");
        }

        return new WriteOptions(DryRun(query), manager.Length == 0 ? "unknown" : manager);
    }

    public static ObjectFilter Filter(ResourceType type, IQueryCollection query)
    {
        try
        {
            return ObjectFilter.Parse(type, query["labelSelector"], query["fieldSelector"]);
        }
        catch (SelectorException e)
        {
            throw ApiErrors.BadRequest(e.Message);
        }
    }

    public static ListOptions List(ResourceType type, IQueryCollection query) => new()
    {
        Filter = Filter(type, query),
        Limit = Long(query, "limit") is { } limit and > 0 ? limit : 0,
        Continue = NonEmpty(query["continue"]),
        ResourceVersion = NonEmpty(query["resourceVersion"]),
        ResourceVersionMatch = NonEmpty(query["resourceVersionMatch"]),
    };

    public static bool Flag(IQueryCollection query, string name) =>
        query[name].ToString() is "true" or "1" or "True";

    public static long? Long(IQueryCollection query, string name)
    {
        var text = NonEmpty(query[name]);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiErrors.BadRequest($"{name}: Invalid value: \"{text}\": must be an integer");
    }

    /// <summary>DeleteOptions from the query, overridden by a DeleteOptions body when one is sent.</summary>
    public static DeleteOptions Delete(IQueryCollection query, JsonObject? body)
    {
        var options = new DeleteOptions
        {
            PropagationPolicy = NonEmpty(query["propagationPolicy"]) ?? (Flag(query, "orphanDependents") ? "Orphan" : null),
            GracePeriodSeconds = Long(query, "gracePeriodSeconds"),
            DryRun = DryRun(query),
        };
        if (body is null)
        {
            return options;
        }

        if (body["kind"] is JsonValue kind && kind.ToString() is { Length: > 0 } k && k != "DeleteOptions")
        {
            throw ApiErrors.BadRequest($"the kind in the data ({k}) does not match the expected kind (DeleteOptions)");
        }

        var preconditions = body["preconditions"] as JsonObject;
        var dryRunValues = body["dryRun"] as JsonArray ?? [];
        var dryRun = dryRunValues.Count > 0;
        if (dryRunValues.Any(v => v?.ToString() != "All"))
        {
            throw ApiErrors.BadRequest("dryRun: Unsupported value: supported values: \"All\"");
        }

        var orphan = body["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var ob) && ob;
        return options with
        {
            PropagationPolicy = Text(body["propagationPolicy"]) ?? (orphan ? "Orphan" : options.PropagationPolicy),
            GracePeriodSeconds = body["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var grace) ? grace : options.GracePeriodSeconds,
            PreconditionUid = Text(preconditions?["uid"]),
            PreconditionResourceVersion = Text(preconditions?["resourceVersion"]),
            DryRun = options.DryRun || dryRun,
        };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
