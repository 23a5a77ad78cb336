using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Env;

/// <summary>Downward API field paths (fieldRef), as upstream's fieldpath package and kubelet resolve them.</summary>
internal static class FieldRefs
{
    /// <summary>A fieldRef of an env var: metadata fields plus the spec/status fields only the kubelet knows.</summary>
    /// <exception cref="ContainerConfigException">Unsupported apiVersion or path.</exception>
    public static string PodField(JsonObject pod, JsonObject fieldRef, PodAddresses addresses)
    {
        var path = CheckedPath(fieldRef);
        return path switch
        {
            "spec.nodeName" => PodJson.Str(pod, "spec", "nodeName") ?? "",
            "spec.serviceAccountName" => PodJson.Str(pod, "spec", "serviceAccountName") ?? "",
            "spec.restartPolicy" => PodJson.Str(pod, "spec", "restartPolicy") ?? "",
            "spec.schedulerName" => PodJson.Str(pod, "spec", "schedulerName") ?? "",
            "status.phase" => PodJson.Str(pod, "status", "phase") ?? "",
            "status.hostIP" => addresses.HostIP,
            "status.hostIPs" => string.Join(',', addresses.HostIPs ?? [addresses.HostIP]),
            "status.podIP" => addresses.PodIPs.Count > 0 ? addresses.PodIPs[0] : "",
            "status.podIPs" => string.Join(',', addresses.PodIPs),
            _ => MetadataField(pod, path),
        };
    }

    /// <summary>A fieldRef of a downwardAPI volume item: metadata fields only.</summary>
    /// <exception cref="ContainerConfigException">Unsupported apiVersion or path.</exception>
    public static string VolumeField(JsonObject pod, JsonObject fieldRef) => MetadataField(pod, CheckedPath(fieldRef));

    /// <summary>Labels or annotations as upstream's FormatMap writes them: sorted <c>key="value"</c> lines, Go-quoted.</summary>
    public static string FormatMap(IReadOnlyDictionary<string, string> map)
    {
        var text = new StringBuilder();
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(key).Append('=');
            GoQuote(text, map[key]);
        }

        return text.ToString();
    }

    private static string CheckedPath(JsonObject fieldRef)
    {
        var version = PodJson.Str(fieldRef, "apiVersion");
        if (version is { Length: > 0 } && version != "v1")
        {
            throw new ContainerConfigException($"unsupported pod version: {version}");
        }

        return PodJson.Str(fieldRef, "fieldPath") ?? "";
    }

    private static string MetadataField(JsonObject pod, string path)
    {
        if (Subscript(path, "metadata.labels") is { } label)
        {
            return PodJson.StringMap(pod, "metadata", "labels").GetValueOrDefault(label, "");
        }

        if (Subscript(path, "metadata.annotations") is { } annotation)
        {
            return PodJson.StringMap(pod, "metadata", "annotations").GetValueOrDefault(annotation, "");
        }

        return path switch
        {
            "metadata.labels" => FormatMap(PodJson.StringMap(pod, "metadata", "labels")),
            "metadata.annotations" => FormatMap(PodJson.StringMap(pod, "metadata", "annotations")),
            "metadata.name" => PodJson.Str(pod, "metadata", "name") ?? "",
            "metadata.namespace" => PodJson.Str(pod, "metadata", "namespace") ?? "",
            "metadata.uid" => PodJson.Str(pod, "metadata", "uid") ?? "",
            _ => throw new ContainerConfigException($"unsupported fieldPath: {path}"),
        };
    }

    // metadata.labels['app'] → app; metadata.labels alone → null.
    private static string? Subscript(string path, string prefix) =>
        path.Length > prefix.Length + 4 && path.StartsWith(prefix + "['", StringComparison.Ordinal) && path.EndsWith("']", StringComparison.Ordinal)
            ? path[(prefix.Length + 2)..^2]
            : null;

    // Go's %q: double quotes, backslash escapes for quotes, backslashes and non-printable characters.
    private static void GoQuote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\a': text.Append("\\a"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\v': text.Append("\\v"); break;
                default:
                    if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
                    {
                        text.Append(rune.Value < 0x80 ? $"\\x{rune.Value:x2}" : rune.Value <= 0xFFFF ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}");
                    }
                    else
                    {
                        text.Append(rune.ToString());
                    }

                    break;
            }
        }

        text.Append('"');
    }
}
