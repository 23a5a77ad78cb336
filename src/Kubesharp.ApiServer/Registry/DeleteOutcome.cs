using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>The object a delete answers with and whether it is gone (false: marked, waiting for finalizers).</summary>
public sealed record DeleteOutcome(JsonObject Body, bool Deleted);
