using System.Text;
using Kubesharp.Api.Catalog;

namespace Kubesharp.Client.Rest;

/// <summary>Builds upstream REST paths: /api/v1 for the core group, /apis/{group}/{version} otherwise.</summary>
internal static class ApiPaths
{
    public static string Collection(ResourceType type, string? @namespace)
    {
        var root = type.Group.Length == 0 ? $"/api/{type.Version}" : $"/apis/{type.Group}/{type.Version}";
        return type.Namespaced && !string.IsNullOrEmpty(@namespace)
            ? $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{type.Plural}"
            : $"{root}/{type.Plural}";
    }

    public static string Item(ResourceType type, string? @namespace, string name, string? subresource = null)
    {
        if (type.Namespaced && string.IsNullOrEmpty(@namespace))
        {
            throw new ArgumentException($"{type.Plural} is namespaced: a namespace is required", nameof(@namespace));
        }

        var path = $"{Collection(type, @namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    /// <summary>A tiny query builder that skips nulls, so callers pass every optional parameter unconditionally.</summary>
    public sealed class Query(string path)
    {
        private readonly StringBuilder _text = new(path);
        private char _separator = '?';

        public Query Add(string name, string? value)
        {
            if (value is not null)
            {
                _text.Append(_separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                _separator = '&';
            }

            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
