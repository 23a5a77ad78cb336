using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.RepresentationModel;

namespace Kubesharp.Client.Transport;

/// <summary>
/// Reads the parts of a kubeconfig a client needs (current context → cluster server + CA, user
/// cert/key or token), with the YAML node model so no reflection is involved. Relative file paths
/// resolve against the kubeconfig's own folder, as kubectl does.
/// </summary>
internal static class KubeconfigReader
{
    public static HttpTransportOptions Read(string path, string? context = null)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path, Encoding.UTF8))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path}: not a kubeconfig");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var contextName = context ?? Scalar(root, "current-context") ?? throw new InvalidDataException($"{path}: no current-context");
        var ctx = Named(root, "contexts", contextName, "context") ?? throw new InvalidDataException($"{path}: context \"{contextName}\" not found");
        var clusterName = Scalar(ctx, "cluster") ?? throw new InvalidDataException($"{path}: context \"{contextName}\" has no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster") ?? throw new InvalidDataException($"{path}: cluster \"{clusterName}\" not found");
        var server = Scalar(cluster, "server") ?? throw new InvalidDataException($"{path}: cluster \"{clusterName}\" has no server");

        var caPem = Pem(cluster, "certificate-authority", folder);
        X509Certificate2? ca = caPem is null ? null : X509Certificate2.CreateFromPem(caPem);

        X509Certificate2? clientCert = null;
        string? token = null;
        if (Scalar(ctx, "user") is { } userName && Named(root, "users", userName, "user") is { } user)
        {
            var certPem = Pem(user, "client-certificate", folder);
            var keyPem = Pem(user, "client-key", folder);
            if (certPem is not null && keyPem is not null)
            {
                clientCert = LoadClientCertificate(certPem, keyPem);
            }

            token = Scalar(user, "token") ?? (Scalar(user, "tokenFile") is { } tokenFile ? File.ReadAllText(Resolve(folder, tokenFile)).Trim() : null);
        }

        return new HttpTransportOptions(new Uri(server), ca, clientCert, token);
    }

    private static X509Certificate2 LoadClientCertificate(string certPem, string keyPem)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(certPem, keyPem);
        // SslStream on Linux wants a certificate whose key is not ephemeral; a PKCS#12 round trip gives it one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    private static string? Pem(YamlMappingNode node, string field, string folder)
    {
        if (Scalar(node, field + "-data") is { } data)
        {
            return Encoding.ASCII.GetString(Convert.FromBase64String(data));
        }

        return Scalar(node, field) is { } file ? File.ReadAllText(Resolve(folder, file)) : null;
    }

    private static string Resolve(string folder, string file) => Path.IsPathRooted(file) ? file : Path.Combine(folder, file);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } s } ? s : null;

    /// <summary>Finds <c>{list}[name=…].{inner}</c>, the shape of clusters, users and contexts.</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string name, string inner)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var items) || items is not YamlSequenceNode sequence)
        {
            return null;
        }

        foreach (var item in sequence.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(item, "name") == name && item.Children.TryGetValue(new YamlScalarNode(inner), out var value))
            {
                return value as YamlMappingNode ?? new YamlMappingNode();
            }
        }

        return null;
    }
}
