using System.Text.Json.Nodes;

namespace Kubesharp.Api.CustomResources;

/// <summary>SetDefaults for CustomResourceDefinition v1: singular and listKind from the kind, conversion None.</summary>
public static class CrdDefaults
{
    public static void Apply(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        if (crd["spec"] is not JsonObject spec)
        {
            return;
        }

        if (spec["names"] is JsonObject names && CustomResourceDefinitions.Str(names, "kind") is { Length: > 0 } kind)
        {
            if (CustomResourceDefinitions.Str(names, "singular") is not { Length: > 0 })
            {
                names["singular"] = kind.ToLowerInvariant();
            }

            if (CustomResourceDefinitions.Str(names, "listKind") is not { Length: > 0 })
            {
                names["listKind"] = kind + "List";
            }
        }

        if (spec["conversion"] is not JsonObject conversion)
        {
            conversion = [];
            spec["conversion"] = conversion;
        }

        conversion["strategy"] ??= "None";
    }
}
