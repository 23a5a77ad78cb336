using Kubesharp.Api.Catalog;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Errors;

/// <summary>
/// The upstream error vocabulary (k8s.io/apimachinery/pkg/api/errors): each factory builds the
/// same message, reason and details upstream does, so kubectl prints what users expect.
/// </summary>
public static class ApiErrors
{
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{Qualified(type)} \"{name}\" not found", Details(type, name));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{Qualified(type)} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(type)} \"{name}\": {why}", Details(type, name));

    public static ApiException Modified(ResourceType type, string name) =>
        Conflict(type, name, "the object has been modified; please apply your changes to the latest version and try again");

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Forbidden(ResourceType type, string name, string why) =>
        new(403, "Forbidden", $"{Qualified(type)} \"{name}\" is forbidden: {why}", Details(type, name));

    public static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");

    public static ApiException ResourceNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource");

    public static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>422 Invalid: <c>ConfigMap "x" is invalid: metadata.name: Invalid value: ...</c>.</summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<StatusCause> causes)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(causes);
        var what = causes.Count == 1
            ? Describe(causes[0])
            : "[" + string.Join(", ", causes.Select(Describe)) + "]";
        var group = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new ApiException(422, "Invalid", $"{group} \"{name}\" is invalid: {what}", new StatusDetails(name, type.Group.Length == 0 ? null : type.Group, type.Kind, causes));
    }

    /// <summary>The single place store failures become API errors.</summary>
    public static ApiException FromStore(StoreException e, ResourceType type, string? name)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(type);
        return e.Code switch
        {
            StoreErrorCode.KeyExists => AlreadyExists(type, name ?? ""),
            StoreErrorCode.Conflict => Modified(type, name ?? ""),
            StoreErrorCode.KeyNotFound => NotFound(type, name ?? ""),
            StoreErrorCode.Compacted or StoreErrorCode.WatcherTooSlow => Expired(
                $"too old resource version: {e.CompactRevision} ({e.CompactRevision})"),
            _ => new ApiException(503, "ServiceUnavailable", "the storage backend is unavailable; try again later", null, e),
        };
    }

    private static string Describe(StatusCause c) => c.Field.Length == 0 ? c.Message : $"{c.Field}: {c.Message}";

    private static string Qualified(ResourceType type) => type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";

    private static StatusDetails Details(ResourceType type, string name) =>
        new(name, type.Group.Length == 0 ? null : type.Group, type.Plural);
}
