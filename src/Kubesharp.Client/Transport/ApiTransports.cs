namespace Kubesharp.Client.Transport;

/// <summary>Creates transports: HTTPS from explicit options or from a kubeconfig file.</summary>
public static class ApiTransports
{
    public static IApiTransport CreateHttp(HttpTransportOptions options) => new HttpApiTransport(options);

    /// <summary>Reads <paramref name="kubeconfigPath"/> (its current context unless <paramref name="context"/> is given).</summary>
    public static IApiTransport FromKubeconfig(string kubeconfigPath, string? context = null) =>
        new HttpApiTransport(ReadKubeconfig(kubeconfigPath, context));

    /// <summary>The options a kubeconfig describes, for callers that want to adjust them first.</summary>
    public static HttpTransportOptions ReadKubeconfig(string kubeconfigPath, string? context = null) =>
        KubeconfigReader.Read(kubeconfigPath, context);
}
