namespace Kubesharp.Controllers.Manager;

/// <summary>
/// Every controller the manager runs, in start order. A controller folder adds one line here.
/// </summary>
internal static class ControllerCatalog
{
    public static IReadOnlyList<IController> Create(ControllerManagerOptions options) =>
    [
        new Deployments.DeploymentController(options.Workers),
        new ReplicaSets.ReplicaSetController(ReplicaSets.ReplicaKind.ReplicaSets, options.Workers),
        new ReplicaSets.ReplicaSetController(ReplicaSets.ReplicaKind.ReplicationControllers, options.Workers),
        new GarbageCollector.GarbageCollector(options.Workers),
        new EndpointSlices.EndpointsController(options.Workers),
        new EndpointSliceMirroring.EndpointSliceMirroringController(options.Workers),
        new ServiceAccounts.ServiceAccountsController(options.Workers),
        new NodeLifecycle.NodeLifecycleController(options),
        new NodeIpam.NodeIpamController(options),
        new Jobs.JobController(options),
        new CronJobs.CronJobController(options.Workers),
        new DaemonSets.DaemonSetController(options.Workers),
        new PodGC.PodGCController(options),
        new StatefulSets.StatefulSetController(options.Workers),
        new ResourceQuotas.ResourceQuotaController(options),
        new Disruption.DisruptionController(options.Workers),
        new PodAutoscaler.HorizontalPodAutoscalerController(options),
        new RootCaPublisher.RootCaPublisherController(options),
    ];
}
