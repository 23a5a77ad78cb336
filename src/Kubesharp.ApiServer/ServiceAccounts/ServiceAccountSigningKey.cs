using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>
/// The key pair service account tokens are signed with (ECDSA P-256, JWT alg ES256), kept beside
/// the cluster certificates as <c>tls/service-account.key</c>: created on first start, loaded after
/// so tokens handed out earlier stay valid across restarts.
/// </summary>
internal sealed class ServiceAccountSigningKey : IDisposable, IAsyncDisposable
{
    public const string Algorithm = "ES256";

    private ServiceAccountSigningKey(ECDsa key)
    {
        Key = key;
        var spki = key.ExportSubjectPublicKeyInfo();
        // As upstream's keyIDFromPublicKey: the SHA-256 of the DER public key, base64url.
        KeyId = Base64Url.EncodeToString(SHA256.HashData(spki));
    }

    public ECDsa Key { get; }

    public string KeyId { get; }

    public static string KeyPath(string dataDirectory) => Path.Combine(dataDirectory, "tls", "service-account.key");

    public static ServiceAccountSigningKey LoadOrCreate(string dataDirectory)
    {
        var path = KeyPath(dataDirectory);
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new ServiceAccountSigningKey(key);
        }

        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }

        return new ServiceAccountSigningKey(key);
    }

    /// <summary>The public key as a JSON Web Key (RFC 7517), for the JWKS document.</summary>
    public JsonObject PublicJwk()
    {
        var p = Key.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "EC",
            ["kid"] = KeyId,
            ["crv"] = "P-256",
            ["alg"] = Algorithm,
            ["x"] = Base64Url.EncodeToString(p.Q.X),
            ["y"] = Base64Url.EncodeToString(p.Q.Y),
        };
    }

    public void Dispose() => Key.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
