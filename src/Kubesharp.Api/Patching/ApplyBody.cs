using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kubesharp.Api.Patching;

/// <summary>
/// Reads an apply body (YAML, or JSON, which is YAML too) into a JsonObject through YamlDotNet's
/// node model, so no reflection is involved. Plain scalars are typed as YAML 1.2's core schema
/// says (null, booleans, integers, floats); quoted scalars stay strings.
/// </summary>
internal static partial class ApplyBody
{
    public static JsonObject Parse(ReadOnlyMemory<byte> body)
    {
        var text = Encoding.UTF8.GetString(body.Span).TrimStart('\uFEFF');
        if (text.TrimStart().StartsWith('{'))
        {
            return Patcher.ParseJson(body) as JsonObject ?? throw new PatchException(400, "error decoding YAML: the apply body must be an object");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PatchException(400, $"error decoding YAML: {e.Message}", e);
        }

        var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToList();
        if (documents.Count != 1)
        {
            throw new PatchException(400, documents.Count == 0 ? "error decoding YAML: the apply body is empty" : "error decoding YAML: the apply body must be a single document");
        }

        return Convert(documents[0].RootNode) as JsonObject ?? throw new PatchException(400, "error decoding YAML: the apply body must be an object");
    }

    private static JsonNode? Convert(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (key, value) in map.Children)
                {
                    var name = key is YamlScalarNode s ? s.Value ?? "" : throw new PatchException(400, "error decoding YAML: mapping keys must be scalars");
                    obj[name] = Convert(value);
                }

                return obj;
            case YamlSequenceNode seq:
                return new JsonArray([.. seq.Children.Select(Convert)]);
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new PatchException(400, "error decoding YAML: aliases are not supported");
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        var tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value;
        if (scalar.Style != ScalarStyle.Plain || tag == "tag:yaml.org,2002:str")
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(value[0] is 't' or 'T');
        }

        if (IntegerPattern().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }

        if (FloatPattern().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(value);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
