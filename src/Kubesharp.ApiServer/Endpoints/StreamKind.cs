namespace Kubesharp.ApiServer.Endpoints;

/// <summary>The streaming pod subresources, each served by the node's kubelet.</summary>
internal enum StreamKind
{
    Exec,
    Attach,
    PortForward,
}
