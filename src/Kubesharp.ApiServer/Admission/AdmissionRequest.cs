using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;

namespace Kubesharp.ApiServer.Admission;

/// <summary>A create or update as admission sees it.</summary>
/// <param name="RequestedName">The name the client asked for ("" with generateName), which errors quote as upstream's do.</param>
/// <param name="Body">The object about to be stored (defaulted and validated); plugins may change it.</param>
public sealed record AdmissionRequest(ResourceType Type, string? Namespace, string RequestedName, JsonObject Body, bool DryRun);
