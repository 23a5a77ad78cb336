using System.Globalization;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.CustomResources;

/// <summary>status.conditions of a CustomResourceDefinition: set one by type, keeping lastTransitionTime when the status stays.</summary>
internal static class CrdConditions
{
    /// <summary>Sets the condition; true when anything changed.</summary>
    public static bool Set(JsonObject crd, string type, string status, string reason, string message, DateTimeOffset now)
    {
        if (crd["status"] is not JsonObject crdStatus)
        {
            crdStatus = [];
            crd["status"] = crdStatus;
        }

        if (crdStatus["conditions"] is not JsonArray conditions)
        {
            conditions = [];
            crdStatus["conditions"] = conditions;
        }

        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);
        var time = existing is not null && existing["status"]?.ToString() == status
            ? existing["lastTransitionTime"]?.DeepClone()
            : now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject
        {
            ["type"] = type,
            ["status"] = status,
            ["lastTransitionTime"] = time,
            ["reason"] = reason,
            ["message"] = message,
        };
        if (existing is not null && JsonNode.DeepEquals(existing, condition))
        {
            return false;
        }

        if (existing is not null)
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
        else
        {
            conditions.Add((JsonNode)condition);
        }

        return true;
    }

    public static bool IsTrue(JsonObject crd, string type) =>
        ((crd["status"] as JsonObject)?["conditions"] as JsonArray)?.OfType<JsonObject>()
            .Any(c => c["type"]?.ToString() == type && c["status"]?.ToString() == "True") == true;
}
