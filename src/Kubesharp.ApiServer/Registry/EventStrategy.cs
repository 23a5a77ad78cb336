using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Validation;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// Events of core/v1 and events.k8s.io/v1 (one storage, core/v1 shape): upstream's event
/// validation, strict for writes through events.k8s.io/v1 (the request's type says which).
/// </summary>
internal sealed class EventStrategy : DefaultStrategy
{
    public EventStrategy()
        : base(hasStatusSubresource: false, returnDeletedObject: false)
    {
    }

    public override IReadOnlyList<StatusCause> Validate(ResourceType type, JsonObject obj) =>
        [.. base.Validate(type, obj), .. Causes(EventValidator.ValidateCreate(obj, Strict(type)))];

    public override IReadOnlyList<StatusCause> ValidateUpdate(ResourceType type, JsonObject obj, JsonObject old) =>
        [.. base.Validate(type, obj), .. Causes(EventValidator.ValidateUpdate(obj, old, Strict(type)))];

    private static bool Strict(ResourceType type) => type.Group == "events.k8s.io";

    private static IEnumerable<StatusCause> Causes(IEnumerable<FieldError> errors) => errors.Select(e => new StatusCause(e.Reason, e.Body, e.Field));
}
