using Kubesharp.Client.Joining;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Components;

/// <summary>
/// An agent's node client certificate, renewed before it expires while the agent runs (the
/// kubelet, proxy and DNS transports follow node.kubeconfig, so none of them restarts).
/// </summary>
internal sealed class NodeCertificateComponent(string nodeName) : IClusterComponent
{
    public string Name => "node-certificate";

    public Task RunAsync(ComponentContext context, CancellationToken cancellationToken)
    {
        var rotation = new NodeCertificateRotation(
            context.KubeconfigPath, nodeName, new NodeCertificateRotationOptions(), TimeProvider.System, context.LoggerFactory.CreateLogger("Kubesharp.Components.NodeCertificate"));
        context.Ready(Name);
        return rotation.RunAsync(cancellationToken);
    }
}
