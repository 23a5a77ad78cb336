using Kubesharp.Api.Catalog;
using Kubesharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// sendInitialEvents and resourceVersionMatch on list and watch requests, checked as upstream's
/// ValidateListOptions does: a bad combination is 422 <c>ListOptions.meta.k8s.io "" is invalid</c>.
/// </summary>
internal static class WatchListOptions
{
    private const string NotOlderThan = "NotOlderThan";

    // The pseudo-resource upstream's error names (GroupKind meta.k8s.io/ListOptions).
    private static readonly ResourceType ListOptionsKind = new("meta.k8s.io", "v1", "listoptions", "ListOptions", false, [], []);

    /// <summary>sendInitialEvents of a watch (null when absent); 422 for combinations upstream refuses.</summary>
    public static bool? ForWatch(IQueryCollection query)
    {
        var send = SendInitialEvents(query);
        var match = query["resourceVersionMatch"].ToString();
        var causes = new List<StatusCause>();
        if (send is not null && match != NotOlderThan)
        {
            causes.Add(Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }

        if (match.Length > 0)
        {
            if (send is null)
            {
                causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != NotOlderThan)
            {
                causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{match}\": supported values: \"{NotOlderThan}\"", "resourceVersionMatch"));
            }

            if (query["continue"].ToString().Length > 0)
            {
                causes.Add(Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        return causes.Count > 0 ? throw ApiErrors.Invalid(ListOptionsKind, "", causes) : send;
    }

    /// <summary>A list may not ask for initial events.</summary>
    public static void ForList(IQueryCollection query)
    {
        if (SendInitialEvents(query) is not null)
        {
            throw ApiErrors.Invalid(ListOptionsKind, "", [Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list")]);
        }
    }

    private static bool? SendInitialEvents(IQueryCollection query)
    {
        if (!query.TryGetValue("sendInitialEvents", out var values) || values.ToString().Length == 0)
        {
            return null;
        }

        // Go's strconv.ParseBool, as the query decoder uses.
        return values.ToString() switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            var other => throw ApiErrors.BadRequest($"sendInitialEvents: Invalid value: \"{other}\": must be a boolean"),
        };
    }

    private static StatusCause Forbidden(string field, string message) => new("FieldValueForbidden", "Forbidden: " + message, field);
}
