using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>Computes the index values of an object (none, one or several).</summary>
public delegate IEnumerable<string> IndexFunc(JsonObject obj);
