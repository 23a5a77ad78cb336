using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kubesharp.Api.Validation;
using Kubesharp.ApiServer.Authentication;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kubesharp.ApiServer.Joining;

/// <summary>
/// How a node joins (k3s-style, outside the Kubernetes API): it fetches the CA anonymously and
/// checks it against the hash in its join token, then, authenticated by the token, sends a
/// PKCS#10 request for its key and gets a client certificate for <c>system:node:&lt;name&gt;</c> in
/// <c>system:nodes</c> — upstream's node identity — so its private key never leaves the node. A
/// node later renews that certificate the same way, authenticated by the certificate itself.
/// </summary>
internal static class JoinEndpoints
{
    public const string CaPath = "/kubesharp/v1/ca.crt";
    public const string NodeCertificatePath = "/kubesharp/v1/node-certificate";
    private const long MaxBody = 64 * 1024;
    private const string NodeUserPrefix = "system:node:";
    private const string NodesGroup = "system:nodes";

    public static void Map(IEndpointRouteBuilder routes, CertificateAuthority authority, TimeProvider time)
    {
        routes.MapGet(CaPath, context =>
        {
            context.Response.ContentType = "application/x-pem-file";
            return context.Response.WriteAsync(authority.Certificate.ExportCertificatePem(), context.RequestAborted);
        });
        routes.MapPost(NodeCertificatePath, context => IssueAsync(context, authority, time));
    }

    /// <summary>True for the only requests a bootstrap token may make (authorization comes later; this keeps tokens narrow now).</summary>
    public static bool BootstrapMayCall(PathString path) => path.Equals(NodeCertificatePath);

    private static async Task IssueAsync(HttpContext context, CertificateAuthority authority, TimeProvider time)
    {
        var user = context.Items[typeof(UserInfo)] as UserInfo ?? UserInfo.Anonymous;
        var node = user.Groups.Contains(NodesGroup) && user.Name.StartsWith(NodeUserPrefix, StringComparison.Ordinal);
        if (!node && !user.Groups.Contains(BootstrapTokenAuthenticator.BootstrappersGroup) && !user.Groups.Contains(ClusterCertificates.AdminGroup))
        {
            await ApiStatus.WriteFailureAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"user \"{user.Name}\" may not request node certificates; use a join token from `kubesharp token create`");
            return;
        }

        var body = await RequestBody.ReadPostedObjectAsync(context, MaxBody);
        var nodeName = body["nodeName"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : string.Empty;
        var problems = nodeName.Length == 0 ? ["must not be empty"] : NameValidation.IsDNS1123Subdomain(nodeName);
        if (problems.Count > 0)
        {
            await ApiStatus.WriteFailureAsync(context, StatusCodes.Status422UnprocessableEntity, "Invalid", $"nodeName \"{nodeName}\" is invalid: {string.Join("; ", problems)}");
            return;
        }

        // A node renews its own certificate before it expires (upstream's kubelet client rotation,
        // which the CSR approver allows for the node's own name only).
        if (node && user.Name != NodeUserPrefix + nodeName)
        {
            await ApiStatus.WriteFailureAsync(context, StatusCodes.Status403Forbidden, "Forbidden", $"user \"{user.Name}\" may renew only its own node certificate, not one for node \"{nodeName}\"");
            return;
        }

        if (body["certificateRequest"] is not JsonValue csr || !csr.TryGetValue<string>(out var pem))
        {
            await ApiStatus.WriteFailureAsync(context, StatusCodes.Status400BadRequest, "BadRequest", "certificateRequest (a PEM PKCS#10 request) is required");
            return;
        }

        string issued;
        try
        {
            using var certificate = authority.SignClientRequest(pem, NodeUserPrefix + nodeName, [NodesGroup], time.GetUtcNow());
            issued = certificate.ExportCertificatePem();
        }
        catch (CryptographicException e)
        {
            await ApiStatus.WriteFailureAsync(context, StatusCodes.Status400BadRequest, "BadRequest", $"certificateRequest is not a valid PKCS#10 request: {e.Message}");
            return;
        }

        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("certificate", issued);
        writer.WriteString("certificateAuthority", authority.Certificate.ExportCertificatePem());
        writer.WriteEndObject();
    }
}
