using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Selectors;

namespace Kubesharp.ApiServer.Registry;

/// <summary>Which objects a list or watch wants: a label selector and a field selector, both matched.</summary>
public sealed class ObjectFilter
{
    private ObjectFilter(LabelSelector labels, FieldSelector fields)
    {
        Labels = labels;
        Fields = fields;
        ExactName = fields.RequiresExactMatch("metadata.name");
    }

    public static ObjectFilter Everything { get; } = new(LabelSelector.Everything, FieldSelector.Everything);

    public LabelSelector Labels { get; }

    public FieldSelector Fields { get; }

    public bool IsEverything => Labels.IsEmpty && Fields.IsEmpty;

    /// <summary>The name a <c>metadata.name=x</c> field selector pins (kubectl get x -w), or null.</summary>
    public string? ExactName { get; }

    public bool Matches(JsonObject obj) => IsEverything || (Labels.MatchesObject(obj) && Fields.Matches(obj));

    /// <summary>Parses both selectors for <paramref name="type"/>; throws <see cref="SelectorException"/> when malformed.</summary>
    public static ObjectFilter Parse(ResourceType type, string? labelSelector, string? fieldSelector)
    {
        var labels = LabelSelector.Parse(labelSelector);
        var fields = FieldSelector.Parse(fieldSelector, type);
        return labels.IsEmpty && fields.IsEmpty ? Everything : new ObjectFilter(labels, fields);
    }
}
