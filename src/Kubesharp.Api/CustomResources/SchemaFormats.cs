using System.Globalization;
using System.Net;

namespace Kubesharp.Api.CustomResources;

/// <summary>
/// The string formats apiextensions checks (a subset of kube-openapi's registry); formats it does
/// not know pass, as upstream ignores unknown formats.
/// </summary>
internal static class SchemaFormats
{
    public static bool IsValid(string format, string value) => format switch
    {
        "date" => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "date-time" => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _) && value.Contains('T', StringComparison.OrdinalIgnoreCase),
        "uuid" => Guid.TryParseExact(value, "D", out _),
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(value, out _),
        "byte" => IsBase64(value),
        "hostname" => value.Length is > 0 and <= 253 && value.Split('.').All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && l[0] != '-' && l[^1] != '-'),
        "int32" or "int64" or "float" or "double" or "password" => true,
        _ => true,
    };

    private static bool IsBase64(string value)
    {
        var buffer = new byte[(value.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(value, buffer, out _);
    }
}
