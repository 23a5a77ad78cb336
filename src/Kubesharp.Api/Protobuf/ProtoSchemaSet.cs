using System.Collections.Frozen;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Kubesharp.Api.Protobuf;

/// <summary>
/// The messages of upstream's generated.proto files (k8s.io/api and apimachinery, kept as data
/// under Schema/Protobuf), parsed once: enough of the proto2 grammar those files use (package,
/// message, optional/repeated fields, map fields) to know every field's name, number and type.
/// </summary>
internal sealed partial class ProtoSchemaSet
{
    private static readonly Lazy<ProtoSchemaSet> Shared = new(Load);

    private readonly FrozenDictionary<string, ProtoMessage> _messages;

    private ProtoSchemaSet(FrozenDictionary<string, ProtoMessage> messages) => _messages = messages;

    public static ProtoSchemaSet BuiltIn => Shared.Value;

    public int Count => _messages.Count;

    public ProtoMessage? Find(string fullName) => _messages.GetValueOrDefault(fullName);

    /// <summary>
    /// The message of a kind: the group's first label names the package (core for the legacy
    /// group), as go-to-protobuf lays them out; meta.k8s.io kinds live in apimachinery.
    /// </summary>
    public ProtoMessage? ForKind(string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(apiVersion);
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var package = group.Length == 0 ? "core" : group.Split('.')[0];
        return Find($"k8s.io.api.{package}.{version}.{kind}") ?? (package == "meta" ? Find($"k8s.io.apimachinery.pkg.apis.meta.{version}.{kind}") : null);
    }

    /// <summary>Parses .proto sources (for tests and <see cref="BuiltIn"/>).</summary>
    public static ProtoSchemaSet Parse(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var messages = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            ParseFile(source, messages);
        }

        return new ProtoSchemaSet(messages.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static ProtoSchemaSet Load()
    {
        var assembly = typeof(ProtoSchemaSet).Assembly;
        var sources = new List<string>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Kubesharp.Api.Schema.Protobuf.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(reader.ReadToEnd());
        }

        return Parse(sources);
    }

    private static void ParseFile(string source, Dictionary<string, ProtoMessage> messages)
    {
        var package = PackageLine().Match(source) is { Success: true } p ? p.Groups[1].Value : "";
        string? current = null;
        Dictionary<int, ProtoField>? fields = null;
        foreach (var raw in source.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("message ", StringComparison.Ordinal))
            {
                current = $"{package}.{line["message ".Length..].TrimEnd('{', ' ')}";
                fields = [];
            }
            else if (line == "}" && current is not null)
            {
                messages[current] = new ProtoMessage(current, fields!);
                current = null;
            }
            else if (current is not null && FieldLine().Match(line) is { Success: true } f)
            {
                var label = f.Groups["map"].Success ? ProtoLabel.Map : f.Groups["label"].Value == "repeated" ? ProtoLabel.Repeated : ProtoLabel.Optional;
                var type = Qualify(f.Groups[label == ProtoLabel.Map ? "value" : "type"].Value, package);
                var number = int.Parse(f.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
                fields![number] = new ProtoField(f.Groups["name"].Value, number, label, type);
            }
        }
    }

    private static string Qualify(string type, string package) =>
        type.StartsWith('.') ? type[1..] : IsScalar(type) ? type : $"{package}.{type}";

    public static bool IsScalar(string type) => type is "string" or "bytes" or "bool" or "int32" or "int64" or "uint32" or "uint64" or "double" or "float" or "sint32" or "sint64" or "fixed32" or "fixed64";

    [GeneratedRegex(@"^package\s+([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex PackageLine();

    [GeneratedRegex(@"^(?:(?<label>optional|repeated)\s+(?<type>[\w.]+)|(?<map>map<\s*string\s*,\s*(?<value>[\w.]+)\s*>))\s+(?<name>\w+)\s*=\s*(?<number>\d+)")]
    private static partial Regex FieldLine();
}
