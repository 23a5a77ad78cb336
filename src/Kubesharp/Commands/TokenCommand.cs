using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Kubesharp.Api.Catalog;
using Kubesharp.Api.Joining;
using Kubesharp.ApiServer.Certificates;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Transport;

namespace Kubesharp.Commands;

/// <summary>
/// <c>kubesharp token create</c>: a join token for <c>kubesharp agent --token</c>, stored as an
/// upstream bootstrap-token Secret (so <c>kubectl -n kube-system get secrets</c> shows it and
/// deleting the Secret revokes it).
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The server's data directory (its admin kubeconfig and CA are used).", DefaultValueFactory = _ => DataDirectory.Default };
        var ttl = new Option<TimeSpan>("--ttl") { Description = "How long the token stays valid (e.g. 24:00:00 for a day; 0 = never expires).", DefaultValueFactory = _ => TimeSpan.FromHours(24) };
        var description = new Option<string>("--description") { Description = "A note kept with the token.", DefaultValueFactory = _ => "kubesharp join token" };
        var create = new Command("create", "Create a token that lets a node join this cluster.") { dataDir, ttl, description };
        create.SetAction((result, cancellationToken) => CreateAsync(result.GetValue(dataDir)!, result.GetValue(ttl), result.GetValue(description)!, cancellationToken));
        return new Command("token", "Manage join tokens for agents.") { create };
    }

    private static async Task<int> CreateAsync(string dataDirectory, TimeSpan ttl, string description, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(dataDirectory);
        var kubeconfig = Path.Combine(full, "kubeconfig.yaml");
        var caPath = ClusterCertificates.CertificatePath(full, "ca");
        if (!File.Exists(kubeconfig) || !File.Exists(caPath))
        {
            await Console.Error.WriteLineAsync($"kubesharp token create: no cluster in {full} (kubeconfig.yaml and tls/ca.crt are needed); start it with kubesharp up or pass --data-dir");
            return ExitCodes.UserError;
        }

        if (ttl < TimeSpan.Zero)
        {
            await Console.Error.WriteLineAsync("kubesharp token create: --ttl must not be negative");
            return ExitCodes.UserError;
        }

        using var ca = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caPath, cancellationToken));
        var token = JoinToken.Generate(ca.RawData);
        var secret = BootstrapTokenSecret.Build(token, ttl > TimeSpan.Zero ? DateTimeOffset.UtcNow.Add(ttl) : null, description);
        try
        {
            await using var transport = ApiTransports.FromKubeconfig(kubeconfig);
            await ApiClients.Create(transport).CreateAsync(BuiltInResources.Get("", "secrets"), "kube-system", secret, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"kubesharp token create: the server did not store the token ({e.Message}); is the cluster running?");
            return ExitCodes.UserError;
        }

        Console.WriteLine(token.ToString());
        return ExitCodes.Success;
    }
}
