using System.Text.Json.Nodes;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// One served version of a custom resource definition: its schema (openAPIV3Schema, null when the
/// definition has none), whether status and scale are subresources, the printer columns, and the
/// version objects are stored in. The catalogue carries it on the version's resource type.
/// </summary>
public sealed record CustomResourceVersion(
    string DefinitionName,
    string ListKind,
    JsonObject? Schema,
    bool HasStatus,
    ScalePaths? Scale,
    IReadOnlyList<PrinterColumn> Columns,
    string StorageVersion);
