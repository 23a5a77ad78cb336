using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.SchemaGen;

/// <summary>One definition per line: compact to ship, and diffs stay readable.</summary>
internal static class DefinitionsWriter
{
    public static void Write(string path, SortedDictionary<string, JsonObject> definitions)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        var first = true;
        foreach (var (name, schema) in definitions)
        {
            if (!first)
            {
                text.Append(",\n");
            }

            first = false;
            text.Append(JsonValue.Create(name)!.ToJsonString()).Append(':').Append(schema.ToJsonString());
        }

        text.Append("\n}\n");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }
}
