namespace Kubesharp.Client.Transport;

/// <summary>Creates transports: HTTPS from explicit options or from a kubeconfig file.</summary>
public static class ApiTransports
{
    public static IApiTransport CreateHttp(HttpTransportOptions options) => new HttpApiTransport(options);

    /// <summary>
    /// Over <paramref name="handler"/> instead of a socket: the single binary's components pass the API
    /// server's in-process handler, which attaches their identity itself. <paramref name="server"/> is
    /// only the base the request URIs are built on. The transport owns and disposes the handler.
    /// </summary>
    public static IApiTransport InProcess(HttpMessageHandler handler, Uri server) =>
        new HttpApiTransport(handler, new HttpTransportOptions(server));

    /// <summary>
    /// Reads <paramref name="kubeconfigPath"/> (its current context unless <paramref name="context"/> is given).
    /// A client certificate is re-read from the file when it changes, so rotation needs no restart.
    /// </summary>
    public static IApiTransport FromKubeconfig(string kubeconfigPath, string? context = null)
    {
        var options = ReadKubeconfig(kubeconfigPath, context);
        return new HttpApiTransport(options.ClientCertificate is { } loaded
            ? options with { ClientCertificateSource = new KubeconfigClientCertificate(kubeconfigPath, context, loaded).Current }
            : options);
    }

    /// <summary>The options a kubeconfig describes, for callers that want to adjust them first.</summary>
    public static HttpTransportOptions ReadKubeconfig(string kubeconfigPath, string? context = null) =>
        KubeconfigReader.Read(kubeconfigPath, context);
}
