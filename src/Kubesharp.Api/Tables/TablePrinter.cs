using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tables;

/// <summary>The columns of one kind and how to fill them (one upstream printXxx function).</summary>
internal sealed record TablePrinter(IReadOnlyList<TableColumn> Columns, Func<JsonObject, PrintContext, JsonNode?[]> Cells)
{
    /// <summary>Row conditions (pods report Completed when they have finished); null for none.</summary>
    public Func<JsonObject, JsonArray?>? Conditions { get; init; }
}
