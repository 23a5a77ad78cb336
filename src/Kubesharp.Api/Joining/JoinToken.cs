using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Kubesharp.Api.Joining;

/// <summary>
/// What a node needs to join a cluster, in one string: <c>KS1::&lt;ca-sha256&gt;::&lt;id&gt;.&lt;secret&gt;</c>.
/// The id/secret pair is an upstream bootstrap token (a Secret <c>kube-system/bootstrap-token-&lt;id&gt;</c>);
/// the CA hash lets the joining node trust the server before it has the CA (kubeadm's
/// --discovery-token-ca-cert-hash, k3s's K10 token prefix).
/// </summary>
public sealed partial record JoinToken(string CaHash, string Id, string Secret)
{
    private const string Prefix = "KS1::";

    /// <summary>The bearer token the API server authenticates: <c>id.secret</c>.</summary>
    public string BearerToken => $"{Id}.{Secret}";

    public static JoinToken Generate(byte[] caCertificateDer) =>
        new(HashCa(caCertificateDer), RandomToken(6), RandomToken(16));

    /// <summary>Lowercase hex SHA-256 of the CA certificate's DER bytes.</summary>
    public static string HashCa(byte[] caCertificateDer) => Convert.ToHexStringLower(SHA256.HashData(caCertificateDer));

    public static bool TryParse(string? text, out JoinToken token)
    {
        token = null!;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text[Prefix.Length..].Split("::");
        if (parts.Length != 2 || parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit) || !IsBearer(parts[1]))
        {
            return false;
        }

        token = new JoinToken(parts[0].ToLowerInvariant(), parts[1][..6], parts[1][7..]);
        return true;
    }

    /// <summary>True for the upstream bootstrap token shape <c>[a-z0-9]{6}.[a-z0-9]{16}</c>.</summary>
    public static bool IsBearer(string text) => BearerShape().IsMatch(text);

    public override string ToString() => $"{Prefix}{CaHash}::{BearerToken}";

    private static string RandomToken(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    [GeneratedRegex("^[a-z0-9]{6}\\.[a-z0-9]{16}$")]
    private static partial Regex BearerShape();
}
