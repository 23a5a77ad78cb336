using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Joining;

namespace Kubesharp.Client.Joining;

/// <summary>
/// The joining side of <c>kubesharp agent --server URL --token T</c>: trust the server's CA only if
/// it hashes to what the token says, then trade the token for a node client certificate for a
/// key generated here, and write a kubeconfig the node's components use from then on.
/// </summary>
public static class NodeJoin
{
    public const string CaPath = "/kubesharp/v1/ca.crt";
    public const string NodeCertificatePath = "/kubesharp/v1/node-certificate";

    /// <summary>
    /// Joins and writes <paramref name="kubeconfigPath"/>; returns the cluster CA (PEM) the token
    /// pinned. Throws <see cref="NodeJoinException"/> with a user-facing message.
    /// </summary>
    public static async Task<string> JoinAsync(Uri server, JoinToken token, string nodeName, string kubeconfigPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(token);
        var (caPem, presented) = await FetchCaAsync(server, cancellationToken);
        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var serving = presented;
        if (!string.Equals(JoinToken.HashCa(ca.RawData), token.CaHash, StringComparison.Ordinal) || !ChainsTo(serving, ca))
        {
            throw new NodeJoinException($"the server at {server} presents a CA that does not match the join token; check --server or create a new token on that server");
        }

        using var http = PinnedClient(server, ca, clientCertificate: null);
        await RequestCertificateAsync(http, server, caPem, nodeName, kubeconfigPath, new AuthenticationHeaderValue("Bearer", token.BearerToken), cancellationToken);
        return caPem;
    }

    /// <summary>
    /// Trades the node's current client certificate (in <paramref name="kubeconfigPath"/>) for a new
    /// one for a fresh key, before the current one expires, and rewrites the kubeconfig; transports
    /// made from it pick the new certificate up on their next connection. Throws
    /// <see cref="NodeJoinException"/> with a user-facing message.
    /// </summary>
    public static async Task RenewAsync(string kubeconfigPath, string nodeName, CancellationToken cancellationToken)
    {
        var options = Transport.ApiTransports.ReadKubeconfig(kubeconfigPath);
        using var ca = options.CertificateAuthority ?? throw new NodeJoinException($"{kubeconfigPath} has no certificate-authority-data to check the server with");
        using var current = options.ClientCertificate ?? throw new NodeJoinException($"{kubeconfigPath} has no client certificate to renew");
        var server = new Uri(options.Server.GetLeftPart(UriPartial.Authority));
        using var http = PinnedClient(server, ca, current);
        try
        {
            await RequestCertificateAsync(http, server, ca.ExportCertificatePem(), nodeName, kubeconfigPath, authorization: null, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new NodeJoinException($"cannot reach the server at {server} to renew the node certificate ({e.Message})", e);
        }
    }

    /// <summary>Sends a PKCS#10 request for a key made here and writes the kubeconfig with the certificate the server issues.</summary>
    private static async Task RequestCertificateAsync(
        HttpClient http, Uri server, string caPem, string nodeName, string kubeconfigPath, AuthenticationHeaderValue? authorization, CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=system:node:{nodeName}, O=system:nodes", key, HashAlgorithmName.SHA256);
        var body = new JsonObject { ["nodeName"] = nodeName, ["certificateRequest"] = request.CreateSigningRequestPem() };
        using var message = new HttpRequestMessage(HttpMethod.Post, NodeCertificatePath)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = authorization;
        using var response = await http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            throw new NodeJoinException(authorization is null
                ? "the server rejected the node certificate (401 Unauthorized): it has expired or is from another cluster; join again with a new token"
                : "the server rejected the join token (401 Unauthorized): it is unknown, expired or revoked; create a new one on the server with kubesharp token create");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new NodeJoinException($"the server refused a certificate for node {nodeName}: {(int)response.StatusCode} {StatusMessage(text)}");
        }

        var issued = JsonNode.Parse(text)?["certificate"]?.GetValue<string>()
            ?? throw new NodeJoinException("the server's answer had no certificate");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(kubeconfigPath))!);
        KubeconfigDocument.Write(
            kubeconfigPath,
            KubeconfigDocument.Render(server.GetLeftPart(UriPartial.Authority), caPem, issued, key.ExportPkcs8PrivateKeyPem(), "kubesharp", $"system:node:{nodeName}"));
    }

    /// <summary>
    /// Reads the CA over a connection not yet trusted, keeping the serving certificate it presented:
    /// the caller accepts both only if the CA hashes to the token's value and the serving certificate
    /// chains to that CA (so the answer came from the same server the token pins).
    /// </summary>
    private static async Task<(string CaPem, X509Certificate2? Presented)> FetchCaAsync(Uri server, CancellationToken cancellationToken)
    {
        X509Certificate2? presented = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented?.Dispose();
            presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return presented is not null;
        };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
        try
        {
            return (await http.GetStringAsync(CaPath, cancellationToken), presented);
        }
        catch (HttpRequestException e)
        {
            throw new NodeJoinException($"cannot reach the server at {server} ({e.Message}); check --server and that the server is running", e);
        }
    }

    private static HttpClient PinnedClient(Uri server, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        var trusted = X509CertificateLoader.LoadCertificate(ca.RawData);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var leaf = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return ChainsTo(leaf, trusted);
        };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(15) };
    }

    private static bool ChainsTo(X509Certificate2? leaf, X509Certificate2 ca)
    {
        if (leaf is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static string StatusMessage(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }
}
