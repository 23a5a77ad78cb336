using System.Text.Json.Nodes;
using Kubesharp.Client.Events;
using Kubesharp.Kubelet.Cri;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Pods;

/// <summary>
/// Starts one container instance as upstream's startContainer: image, env and mounts, CreateContainer,
/// StartContainer, postStart. Each failure becomes the container's waiting reason (ErrImagePull,
/// CreateContainerConfigError, CreateContainerError, RunContainerError) and a Warning event; the pod
/// itself stays and is retried on a later sync.
/// </summary>
internal sealed partial class ContainerStarter(PodContext context, ImageManager images, BackOff crashBackOff)
{
    public async Task StartAsync(PodWorker worker, PodView pod, JsonObject container, uint attempt, PodSandboxInfo sandbox, PodRuntimeAddresses addresses, CancellationToken cancellationToken)
    {
        var name = PodView.ContainerName(container);
        var involved = PodContext.Reference(pod);
        var sandboxSpec = SandboxSpecs.Build(pod, context.Options, context.LogDirectory(pod.Uid), sandbox.Attempt);
        var image = await images.EnsureAsync(involved, BackOffKey(pod.Uid, name), container, sandboxSpec, cancellationToken).ConfigureAwait(false);
        if (!image.Ok)
        {
            worker.Waiting[name] = image.Failure!;
            return;
        }

        ContainerSetup setup;
        try
        {
            setup = await context.Extensions.SetUpContainerAsync(pod.Pod, container, addresses, cancellationToken).ConfigureAwait(false);
        }
        catch (PodSetupException e)
        {
            Fail(worker, involved, name, e.Reason, e.Message);
            return;
        }

        var spec = ContainerSpecs.Build(pod, container, attempt, setup, context.NodeMemoryBytes);
        Directory.CreateDirectory(Path.Combine(sandboxSpec.LogDirectory, name));
        string id;
        try
        {
            id = await context.Runtime.CreateContainerAsync(new NewContainer(sandbox.Id, spec, sandboxSpec), cancellationToken).ConfigureAwait(false);
        }
        catch (CriException e)
        {
            Fail(worker, involved, name, "CreateContainerError", e.Detail);
            return;
        }

        context.Events.Record(involved, EventType.Normal, "Created", $"Created container {name}");
        try
        {
            await context.Runtime.StartContainerAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (CriException e)
        {
            // The failed instance stays (exited, StartError): the next restart waits out the back-off.
            crashBackOff.Next(BackOffKey(pod.Uid, name));
            Fail(worker, involved, name, "RunContainerError", e.Detail);
            return;
        }

        worker.Waiting.Remove(name);
        context.Events.Record(involved, EventType.Normal, "Started", $"Started container {name}");
        LogStarted(context.Log, pod.Namespace, pod.Name, name, attempt);
        if (!await context.Extensions.ContainerStartedAsync(pod.Pod, container, id, addresses, cancellationToken).ConfigureAwait(false))
        {
            await context.Runtime.StopContainerAsync(id, pod.GracePeriod, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string BackOffKey(string uid, string container) => $"{uid}/{container}";

    private void Fail(PodWorker worker, JsonObject involved, string name, string reason, string message)
    {
        worker.Waiting[name] = new WaitingReason(reason, message);
        context.Events.Record(involved, EventType.Warning, "Failed", $"Error: {message}");
        LogFailed(context.Log, name, reason, message);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "started container {Namespace}/{Pod}/{Container} (attempt {Attempt})")]
    private static partial void LogStarted(ILogger logger, string @namespace, string pod, string container, uint attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "container {Container}: {Reason}: {Message}")]
    private static partial void LogFailed(ILogger logger, string container, string reason, string message);
}
