using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Kubesharp.SchemaGen;

/// <summary>Summaries from KubernetesClient.xml, whitespace-normalised (the XML re-wraps upstream's text).</summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static XmlDocs Load(string path)
    {
        var doc = XDocument.Load(path);
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in doc.Descendants("member"))
        {
            var name = (string?)member.Attribute("name");
            var summary = member.Element("summary")?.Value;
            if (name is not null && summary is not null && name.Contains("k8s.Models.", StringComparison.Ordinal))
            {
                summaries[name] = Spaces().Replace(summary, " ").Trim();
            }
        }

        return new XmlDocs(summaries);
    }

    public string? Type(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? Property(Type type, string property) => _summaries.GetValueOrDefault($"P:{type.FullName}.{property}");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
