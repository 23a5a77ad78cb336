namespace Kubesharp.Api.CustomResources;

/// <summary>One additionalPrinterColumns entry: the Table column and the JSONPath that fills it.</summary>
public sealed record PrinterColumn(string Name, string Type, string? Format, string Description, int Priority, string JsonPath);
