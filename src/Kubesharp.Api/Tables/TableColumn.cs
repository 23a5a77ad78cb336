namespace Kubesharp.Api.Tables;

/// <summary>A Table column definition. Priority 0 columns show by default, priority 1 only with -o wide.</summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "");
