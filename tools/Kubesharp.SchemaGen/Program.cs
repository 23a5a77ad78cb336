// Writes the OpenAPI v2 definitions of every built-in kind as data, by reflecting over the
// KubernetesClient models (themselves generated from upstream's swagger.json). Upstream's own
// swagger.json is not available offline; the models carry its names, types, required fields
// (non-optional constructor parameters) and, in the package's XML doc file, its descriptions.
// What the models lose — the extensions that drive strategic merge patch and server-side apply —
// comes from ListExtensions, transcribed from upstream's Go struct tags.
//
// Usage: dotnet run --project tools/Kubesharp.SchemaGen -- src/Kubesharp.Api/Schema/definitions.json
using Kubesharp.SchemaGen;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: Kubesharp.SchemaGen OUTPUT.json");
    return 2;
}

var xmlPath = Path.ChangeExtension(typeof(k8s.Models.V1Pod).Assembly.Location, ".xml");
var docs = XmlDocs.Load(xmlPath);
var definitions = new ModelReflector(docs).Build();
DefinitionsWriter.Write(args[0], definitions);
Console.Error.WriteLine($"wrote {definitions.Count} definitions to {args[0]}");
return 0;
