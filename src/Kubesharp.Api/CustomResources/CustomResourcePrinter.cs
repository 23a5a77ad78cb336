using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Tables;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// The Table of a custom resource (apiextensions' tableconvertor): Name, then one column per
/// additionalPrinterColumns entry filled from its JSONPath; date cells read as ages, numbers and
/// booleans keep their JSON type, anything missing is an empty (null) cell.
/// </summary>
internal static class CustomResourcePrinter
{
    public static TablePrinter Create(CustomResourceVersion version)
    {
        var columns = version.Columns;
        TableColumn[] definitions =
        [
            Columns.Name,
            .. columns.Select(c => new TableColumn(c.Name, c.Type, c.Description, c.Priority, c.Format ?? "")),
        ];
        return new TablePrinter(definitions, (obj, context) =>
        {
            var cells = new JsonNode?[columns.Count + 1];
            cells[0] = Json.Str(obj, "metadata", "name");
            for (var i = 0; i < columns.Count; i++)
            {
                var found = SimpleJsonPath.Find(obj, columns[i].JsonPath);
                cells[i + 1] = found.Count == 0 ? null : Cell(columns[i].Type, found[0], context);
            }

            return cells;
        });
    }

    private static JsonNode? Cell(string type, JsonNode? value, PrintContext context)
    {
        if (value is null)
        {
            return null;
        }

        var kind = value is JsonValue v ? v.GetValueKind() : JsonValueKind.Object;
        return type switch
        {
            "integer" when kind == JsonValueKind.Number => (long)SchemaValidator.ToDouble((JsonValue)value),
            "number" when kind == JsonValueKind.Number => SchemaValidator.ToDouble((JsonValue)value),
            "boolean" when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            "date" when kind == JsonValueKind.String => Date(value.GetValue<string>(), context),
            "string" => kind switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
                _ => value.ToJsonString(),
            },
            _ => null,
        };
    }

    private static string Date(string text, PrintContext context) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? context.Since(time)
            : "<invalid>";
}
