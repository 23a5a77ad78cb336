using System.Text;
using System.Text.Json.Nodes;
using Kubesharp.Client.Rest;

namespace Kubesharp.Kubelet.Env;

/// <summary>
/// Upstream's makeEnvironmentVariables: envFrom, then env (expanding <c>$(VAR)</c> against what is
/// defined so far and the service variables), then the service variables nothing overrode.
/// ConfigMaps and Secrets are read fresh on every call, so a container restart sees current ones;
/// Services come from the node's informer cache (<see cref="ServiceCache"/>), as upstream's lister.
/// </summary>
internal sealed class ContainerEnvironment(IApiClient client, ServiceCache services, ContainerEnvironmentOptions options) : IContainerEnvironment
{
    private const string MasterService = "kubernetes";
    private readonly ConfigSources _sources = new(client);

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ResolveAsync(JsonObject pod, JsonObject container, PodAddresses addresses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(addresses);
        var ns = PodJson.Namespace(pod);
        var services = await ServiceVariablesAsync(pod, ns, cancellationToken);
        var lookups = new Lookups(_sources, ns);
        var env = new EnvList();
        foreach (var from in PodJson.Objects(container, "envFrom"))
        {
            var prefix = PodJson.Str(from, "prefix") ?? "";
            if (from["configMapRef"] is JsonObject cmRef && await lookups.ConfigMapAsync(cmRef, cancellationToken) is { } cm)
            {
                foreach (var (key, value) in PodJson.StringMap(cm, "data"))
                {
                    env.Set(prefix + key, value);
                }
            }
            else if (from["secretRef"] is JsonObject secretRef && await lookups.SecretAsync(secretRef, cancellationToken) is { } secret)
            {
                foreach (var (key, value) in ConfigSources.SecretBytes(secret))
                {
                    env.Set(prefix + key, Encoding.UTF8.GetString(value));
                }
            }
        }

        foreach (var variable in PodJson.Objects(container, "env"))
        {
            var name = PodJson.Str(variable, "name") ?? "";
            var value = PodJson.Str(variable, "value") ?? "";
            if (value.Length > 0)
            {
                value = Expansion.Expand(value, key => env.Get(key) ?? services.Get(key));
            }
            else if (variable["valueFrom"] is JsonObject from)
            {
                if (await ValueFromAsync(pod, container, from, addresses, lookups, cancellationToken) is not { } resolved)
                {
                    continue;
                }

                value = resolved;
            }

            env.Set(name, value);
        }

        foreach (var (name, value) in services.Items)
        {
            if (!env.Contains(name))
            {
                env.Set(name, value);
            }
        }

        return env.Items;
    }

    // null: an optional source or key is missing and the variable is left out, as upstream.
    private async Task<string?> ValueFromAsync(JsonObject pod, JsonObject container, JsonObject from, PodAddresses addresses, Lookups lookups, CancellationToken cancellationToken)
    {
        if (from["fieldRef"] is JsonObject fieldRef)
        {
            return FieldRefs.PodField(pod, fieldRef, addresses);
        }

        if (from["resourceFieldRef"] is JsonObject resourceRef)
        {
            var target = PodJson.Str(resourceRef, "containerName") is { Length: > 0 } other
                ? PodJson.AllContainers(pod).FirstOrDefault(c => PodJson.Str(c, "name") == other)
                    ?? throw new ContainerConfigException($"container {other} not found in pod {PodJson.Str(pod, "metadata", "name")}")
                : container;
            return ResourceFieldRefs.Value(target, resourceRef, options.Allocatable);
        }

        if (from["configMapKeyRef"] is JsonObject cmKey)
        {
            if (await lookups.ConfigMapAsync(cmKey, cancellationToken) is not { } cm)
            {
                return null;
            }

            return KeyOf(PodJson.StringMap(cm, "data"), cmKey, "ConfigMap", lookups.Namespace);
        }

        if (from["secretKeyRef"] is JsonObject secretKey)
        {
            if (await lookups.SecretAsync(secretKey, cancellationToken) is not { } secret)
            {
                return null;
            }

            var data = ConfigSources.SecretBytes(secret).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
            return KeyOf(data, secretKey, "Secret", lookups.Namespace);
        }

        return "";
    }

    private static string? KeyOf(IReadOnlyDictionary<string, string> data, JsonObject keyRef, string kind, string ns)
    {
        var key = PodJson.Str(keyRef, "key") ?? "";
        if (data.TryGetValue(key, out var value))
        {
            return value;
        }

        return PodJson.Bool(keyRef, "optional") == true
            ? null
            : throw new ContainerConfigException($"couldn't find key {key} in {kind} {ns}/{PodJson.Str(keyRef, "name")}");
    }

    // upstream's getServiceEnvVarMap: the pod namespace's Services (enableServiceLinks, default true)
    // and the master service from the default namespace, which a same-named Service of the pod's namespace shadows.
    private async Task<EnvList> ServiceVariablesAsync(JsonObject pod, string ns, CancellationToken cancellationToken)
    {
        await WaitForServicesAsync(cancellationToken);
        var byName = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        if (PodJson.Bool(pod, "spec", "enableServiceLinks") ?? true)
        {
            foreach (var service in services.InNamespace(ns))
            {
                byName[PodJson.Str(service, "metadata", "name") ?? ""] = service;
            }
        }

        // No master service (yet): the pod starts without KUBERNETES_SERVICE_* as upstream's would.
        if ((!byName.ContainsKey(MasterService) || ns != options.MasterServiceNamespace)
            && services.Get(options.MasterServiceNamespace, MasterService) is { } master)
        {
            byName.TryAdd(MasterService, master);
        }

        var vars = new EnvList();
        foreach (var (name, value) in ServiceLinks.For(byName.Values))
        {
            vars.Set(name, value);
        }

        return vars;
    }

    // Right after the kubelet starts the cache may not have its first list yet: wait a little rather
    // than fail the first containers, then fail as upstream does (the worker retries on its next sync).
    private async Task WaitForServicesAsync(CancellationToken cancellationToken)
    {
        if (services.HasSynced)
        {
            return;
        }

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.ServiceSyncWait);
        try
        {
            await services.WaitForSyncAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ContainerConfigException("services have not yet been read at least once, cannot construct envvars");
        }
    }
}
