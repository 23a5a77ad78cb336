using Kubesharp.Api.Tables;
using static Kubesharp.Api.Tests.Tables.TableConverterTests;

namespace Kubesharp.Api.Tests.Tables;

public sealed class WorkloadPrinterTests
{
    private static readonly TableOptions Options = new() { Time = new FixedTime() };

    private static readonly string Created = FixedTime.Ago(TimeSpan.FromDays(2) + TimeSpan.FromHours(3));

    private static string[] Cells(string group, string plural, string json) =>
        TableConverterTests.Cells(TableConverter.Convert(Resource(group, plural), [Json(json)], Options));

    [Fact]
    public void Deployment_ShowsReadyUpToDateAvailableAndWide()
    {
        var table = TableConverter.Convert(Resource("apps", "deployments"), [Json("""
            {"metadata":{"name":"web","creationTimestamp":"@@"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
               "template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"side","image":"busybox"}]}}},
             "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}
            """.Replace("@@", Created, StringComparison.Ordinal))], Options);

        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], ColumnNames(table));
        Assert.Equal(["web", "2/3", "3", "2", "2d3h", "nginx,side", "nginx:1.27,busybox", "app=web"], TableConverterTests.Cells(table));
    }

    [Fact]
    public void Deployment_WithoutStatus_IsZeroOfDesired()
    {
        Assert.Equal(["d", "0/1", "0", "0"], Cells("apps", "deployments", """{"metadata":{"name":"d"},"spec":{}}""")[..4]);
    }

    [Fact]
    public void ReplicaSet_ShowsCounts()
    {
        var cells = Cells("apps", "replicasets", """
            {"metadata":{"name":"web-5d8"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web","pod-template-hash":"5d8"}}},
             "status":{"replicas":2,"readyReplicas":1}}
            """);

        Assert.Equal(["web-5d8", "2", "2", "1", "<unknown>", "", "", "app=web,pod-template-hash=5d8"], cells);
    }

    [Fact]
    public void StatefulSetAndDaemonSet()
    {
        Assert.Equal(["db", "1/3"], Cells("apps", "statefulsets", """{"metadata":{"name":"db"},"spec":{"replicas":3},"status":{"readyReplicas":1}}""")[..2]);
        Assert.Equal(["ds", "2", "2", "1", "2", "1", "kubernetes.io/os=linux"], Cells("apps", "daemonsets", """
            {"metadata":{"name":"ds"},"spec":{"template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"}}}},
             "status":{"desiredNumberScheduled":2,"currentNumberScheduled":2,"numberReady":1,"updatedNumberScheduled":2,"numberAvailable":1}}
            """)[..7]);
    }

    [Fact]
    public void Job_ShowsStatusCompletionsAndDuration()
    {
        var cells = Cells("batch", "jobs", """
            {"metadata":{"name":"pi"},"spec":{"completions":1,"selector":{"matchLabels":{"batch.kubernetes.io/controller-uid":"u"}}},
             "status":{"succeeded":1,"startTime":"2024-06-01T11:00:00Z","completionTime":"2024-06-01T11:00:42Z",
               "conditions":[{"type":"Complete","status":"True"}]}}
            """);

        Assert.Equal(["pi", "Complete", "1/1", "42s"], cells[..4]);
        Assert.Equal("batch.kubernetes.io/controller-uid=u", cells[7]);
    }

    [Fact]
    public void Job_Running_WithParallelism()
    {
        var cells = Cells("batch", "jobs", """{"metadata":{"name":"j"},"spec":{"parallelism":3},"status":{"startTime":"2024-06-01T11:55:00Z"}}""");

        Assert.Equal(["j", "Running", "0/1 of 3", "5m"], cells[..4]);
    }

    [Fact]
    public void CronJob_ShowsScheduleAndLastSchedule()
    {
        var cells = Cells("batch", "cronjobs", """
            {"metadata":{"name":"c"},"spec":{"schedule":"*/5 * * * *","suspend":false,"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"x","image":"busybox"}]}}}}},
             "status":{"active":[{"name":"c-1"}],"lastScheduleTime":"2024-06-01T11:58:00Z"}}
            """);

        Assert.Equal(["c", "*/5 * * * *", "<none>", "False", "1", "2m", "<unknown>", "x", "busybox", "<none>"], cells);
    }

    [Fact]
    public void ReplicationController_SelectorIsAMap()
    {
        Assert.Equal("app=web", Cells("", "replicationcontrollers", """{"metadata":{"name":"rc"},"spec":{"selector":{"app":"web"}}}""")[7]);
    }

    [Fact]
    public void ControllerRevision_NamesItsController()
    {
        var cells = Cells("apps", "controllerrevisions", """
            {"metadata":{"name":"db-7c","ownerReferences":[{"apiVersion":"apps/v1","kind":"StatefulSet","name":"db","controller":true}]},"revision":2}
            """);

        Assert.Equal(["db-7c", "statefulset.apps/db", "2"], cells[..3]);
    }
}
