using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Validation;
using Kubesharp.ApiServer.Errors;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// The fieldValidation query parameter of create, update and patch: unknown fields of a built-in
/// object are refused (Strict: 400 "strict decoding error"), reported as Warning headers (Warn,
/// the default as upstream since 1.27, which kubectl prints), or accepted silently (Ignore).
/// </summary>
internal static class FieldValidation
{
    public static string Mode(IQueryCollection query)
    {
        var value = query["fieldValidation"].ToString();
        return value switch
        {
            "" => "Warn",
            "Strict" or "Warn" or "Ignore" => value,
            _ => throw ApiErrors.BadRequest($"fieldValidation: Unsupported value: \"{value}\": supported values: \"Ignore\", \"Strict\", \"Warn\""),
        };
    }

    /// <summary>
    /// Checks <paramref name="obj"/> (a body, or a patch's result) by the request's mode; unless
    /// Strict refuses it, the unknown fields are dropped, as upstream's decoding drops them.
    /// </summary>
    public static void Check(HttpContext context, ResourceType type, JsonObject obj)
    {
        var mode = Mode(context.Request.Query);
        // Custom resources: what their structural schema would prune (the registry prunes them);
        // built-ins: unknown fields are reported, and dropped unless Strict refuses the request.
        var unknown = type.Custom?.Schema is { } schema
            ? Api.CustomResources.SchemaPruner.UnknownFields(obj, schema)
            : mode == "Strict" ? UnknownFields.Find(obj, type.ApiVersion, type.Kind) : UnknownFields.Prune(obj, type.ApiVersion, type.Kind);
        if (unknown.Count == 0 || mode == "Ignore")
        {
            return;
        }

        var messages = unknown.Select(path => $"unknown field \"{path}\"").ToList();
        if (mode == "Strict")
        {
            throw ApiErrors.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {string.Join(", ", messages)}");
        }

        foreach (var message in messages)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{message.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
    }
}
