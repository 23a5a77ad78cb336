using System.Globalization;
using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Api.Tables;

/// <summary>
/// Builds the meta.k8s.io/v1 Table that <c>kubectl get</c> asks for (<c>Accept: ...;as=Table</c>), with
/// the columns and cell texts of upstream's printers for built-in kinds and Name + "Created At" for
/// the rest. Never throws on odd objects: a missing field prints as upstream prints its zero value.
/// </summary>
public static class TableConverter
{
    /// <summary>The Table for <paramref name="objects"/> of <paramref name="resource"/> (a list, or one object for a get).</summary>
    public static JsonObject Convert(ResourceType resource, IEnumerable<JsonObject> objects, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(objects);
        options ??= new TableOptions();
        var printer = PrinterFor(resource);
        var context = new PrintContext((options.Time ?? TimeProvider.System).GetUtcNow());

        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(options.ResourceVersion))
        {
            metadata["resourceVersion"] = options.ResourceVersion;
        }

        if (!string.IsNullOrEmpty(options.Continue))
        {
            metadata["continue"] = options.Continue;
        }

        if (options.RemainingItemCount is { } remaining)
        {
            metadata["remainingItemCount"] = remaining;
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = options.NoHeaders ? new JsonArray() : ColumnDefinitions(printer.Columns),
        };

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            rows.Add((JsonNode)Row(printer, obj, context, options.IncludeObject));
        }

        table["rows"] = rows;
        return table;
    }

    /// <summary>The column definitions for a resource, e.g. for a watch's first event.</summary>
    public static JsonArray ColumnDefinitions(ResourceType resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return ColumnDefinitions(PrinterFor(resource).Columns);
    }

    /// <summary>Whether <paramref name="resource"/> has upstream-specific columns (else Name + Created At).</summary>
    public static bool HasCustomColumns(ResourceType resource) => resource.Custom is not null || Printers.Find(resource.Group, resource.Plural) is not null;

    private static TablePrinter PrinterFor(ResourceType resource) =>
        resource.Custom is { } custom
            ? CustomResources.CustomResourcePrinter.Create(custom)
            : Printers.Find(resource.Group, resource.Plural) ?? DefaultPrinter;

    // rest.NewDefaultTableConvertor: the name and the creation time in RFC 3339 (kubectl shows it as is).
    private static readonly TablePrinter DefaultPrinter = new(
        [Columns.Name, Columns.CreatedAt],
        (obj, _) =>
        [
            Json.Str(obj, "metadata", "name"),
            Json.Time(obj, "metadata", "creationTimestamp") is { } created
                ? created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : "0001-01-01T00:00:00Z",
        ]);

    private static JsonArray ColumnDefinitions(IReadOnlyList<TableColumn> columns)
    {
        var definitions = new JsonArray();
        foreach (var column in columns)
        {
            definitions.Add((JsonNode)new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        return definitions;
    }

    private static JsonObject Row(TablePrinter printer, JsonObject obj, PrintContext context, IncludeObjectPolicy include)
    {
        JsonNode?[] cells;
        try
        {
            cells = printer.Cells(obj, context);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // A printer must never fail a list; an object it cannot read still gets a row.
            cells = [Json.Str(obj, "metadata", "name"), .. Enumerable.Repeat<JsonNode?>("<unknown>", printer.Columns.Count - 1)];
        }

        var row = new JsonObject { ["cells"] = new JsonArray(cells) };
        if (printer.Conditions?.Invoke(obj) is { } conditions)
        {
            row["conditions"] = conditions;
        }

        row["object"] = include switch
        {
            IncludeObjectPolicy.None => null,
            IncludeObjectPolicy.Object => obj.DeepClone(),
            _ => new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = (obj["metadata"] as JsonObject)?.DeepClone() ?? new JsonObject(),
            },
        };
        return row;
    }
}
