using System.Text.Json.Nodes;

namespace Kubesharp.Scheduler.Model;

/// <summary>A node selector term (matchExpressions on labels, matchFields on metadata.name), parsed once per pod.</summary>
internal sealed record NodeTerm(IReadOnlyList<NodeRequirement> Expressions, IReadOnlyList<NodeRequirement> Fields)
{
    public static NodeTerm From(JsonNode? term) => new(
        (term?["matchExpressions"] as JsonArray ?? []).Select(NodeRequirement.From).ToList(),
        (term?["matchFields"] as JsonArray ?? []).Select(NodeRequirement.From).ToList());

    /// <summary>A term matches when all its requirements do; an empty term matches nothing (upstream).</summary>
    public bool Matches(NodeInfo node)
    {
        if (Expressions.Count == 0 && Fields.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < Expressions.Count; i++) // index loops: no enumerator per node
        {
            var e = Expressions[i];
            if (!e.Matches(node.Label(e.Key)))
            {
                return false;
            }
        }

        for (var i = 0; i < Fields.Count; i++)
        {
            var f = Fields[i];
            if (!f.Matches(f.Key == "metadata.name" ? node.Name : null))
            {
                return false;
            }
        }

        return true;
    }
}
