using System.Text.Json.Nodes;
using Kubesharp.Api.Tables;
using static Kubesharp.Api.Tests.Tables.TableConverterTests;

namespace Kubesharp.Api.Tests.Tables;

public sealed class PodPrinterTests
{
    private static readonly TableOptions Options = new() { Time = new FixedTime() };

    private static JsonObject Table(string pod) => TableConverter.Convert(Resource("", "pods"), [Json(pod)], Options);

    private static string[] Cells(string pod) => TableConverterTests.Cells(Table(pod));

    private static readonly string Created = FixedTime.Ago(TimeSpan.FromMinutes(5));

    [Fact]
    public void Columns_AreUpstreams()
    {
        var table = Table("{}");

        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"], ColumnNames(table));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], table["columnDefinitions"]!.AsArray().Select(c => c!["priority"]!.GetValue<int>()));
    }

    [Fact]
    public void RunningPod_ShowsReadyRunningAndWideColumns()
    {
        var cells = Cells("""
            {"metadata":{"name":"web-1","creationTimestamp":"@@"},
             "spec":{"nodeName":"node-a","containers":[{"name":"app"}]},
             "status":{"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
               "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """.Replace("@@", Created, StringComparison.Ordinal));

        Assert.Equal(["web-1", "1/1", "Running", "0", "5m", "10.0.0.5", "node-a", "<none>", "<none>"], cells);
    }

    [Fact]
    public void PendingPod_WithoutStatuses_IsPending()
    {
        var cells = Cells("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":"Pending"}}""");

        Assert.Equal(["p", "0/2", "Pending", "0", "<unknown>", "<none>", "<none>", "<none>", "<none>"], cells);
    }

    [Fact]
    public void WaitingContainer_ShowsItsReason()
    {
        var cells = Cells("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Pending","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}}
            """);

        Assert.Equal("ContainerCreating", cells[2]);
        Assert.Equal("0/1", cells[1]);
    }

    [Fact]
    public void CrashLooping_ShowsRestartsWithLastRestartAge()
    {
        var finished = FixedTime.Ago(TimeSpan.FromSeconds(300));
        var cells = Cells("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":2,
               "state":{"waiting":{"reason":"CrashLoopBackOff"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"@@"}}}]}}
            """.Replace("@@", finished, StringComparison.Ordinal));

        Assert.Equal("CrashLoopBackOff", cells[2]);
        Assert.Equal("2 (5m ago)", cells[3]);
    }

    [Fact]
    public void CompletedPod_ShowsCompletedAndRowCondition()
    {
        var table = Table("""
            {"metadata":{"name":"p"},"spec":{"containers":[{"name":"a"}]},
             "status":{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
            """);

        Assert.Equal("Completed", TableConverterTests.Cells(table)[2]);
        var condition = table["rows"]![0]!["conditions"]![0]!;
        Assert.Equal("Completed", condition["type"]!.GetValue<string>());
        Assert.Equal("Succeeded", condition["reason"]!.GetValue<string>());
    }

    [Fact]
    public void TerminatedWithoutReason_ShowsExitCodeOrSignal()
    {
        Assert.Equal("ExitCode:3", Cells("""{"status":{"phase":"Running","containerStatuses":[{"state":{"terminated":{"exitCode":3}}}]}}""")[2]);
        Assert.Equal("Signal:9", Cells("""{"status":{"phase":"Running","containerStatuses":[{"state":{"terminated":{"exitCode":137,"signal":9}}}]}}""")[2]);
    }

    [Fact]
    public void DeletingPod_IsTerminating_UnlessFinished()
    {
        Assert.Equal("Terminating", Cells("""{"metadata":{"deletionTimestamp":"2024-06-01T11:59:00Z"},"status":{"phase":"Running"}}""")[2]);
        Assert.Equal("Succeeded", Cells("""{"metadata":{"deletionTimestamp":"2024-06-01T11:59:00Z"},"status":{"phase":"Succeeded"}}""")[2]);
        Assert.Equal("Unknown", Cells("""{"metadata":{"deletionTimestamp":"2024-06-01T11:59:00Z"},"status":{"phase":"Running","reason":"NodeLost"}}""")[2]);
    }

    [Fact]
    public void InitContainers_ShowProgressAndFailures()
    {
        const string spec = "\"spec\":{\"initContainers\":[{\"name\":\"i1\"},{\"name\":\"i2\"}],\"containers\":[{\"name\":\"a\"}]}";

        Assert.Equal("Init:0/2", Cells("{" + spec + ""","status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"running":{}}},{"name":"i2","state":{"waiting":{"reason":"PodInitializing"}}}]}}""")[2]);
        Assert.Equal("Init:1/2", Cells("{" + spec + ""","status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"terminated":{"exitCode":0}}},{"name":"i2","state":{"running":{}}}]}}""")[2]);
        Assert.Equal("Init:Error", Cells("{" + spec + ""","status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}}""")[2]);
        Assert.Equal("Init:CrashLoopBackOff", Cells("{" + spec + ""","status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}""")[2]);
    }

    [Fact]
    public void SidecarInitContainer_CountsAsAContainer()
    {
        var cells = Cells("""
            {"spec":{"initContainers":[{"name":"side","restartPolicy":"Always"}],"containers":[{"name":"a"}]},
             "status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
               "initContainerStatuses":[{"name":"side","started":true,"ready":true,"restartCount":1,"state":{"running":{}}}],
               "containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}
            """);

        Assert.Equal(["2/2", "Running", "1"], cells[1..4]);
    }

    [Fact]
    public void SchedulingGatedAndReadinessGates()
    {
        var cells = Cells("""
            {"spec":{"readinessGates":[{"conditionType":"www.example.com/feature-1"},{"conditionType":"x"}]},
             "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"},
               {"type":"www.example.com/feature-1","status":"True"}]}}
            """);

        Assert.Equal("SchedulingGated", cells[2]);
        Assert.Equal("1/2", cells[8]);
    }

    [Fact]
    public void CompletedContainerBesideARunningOne_IsRunning()
    {
        var cells = Cells("""
            {"spec":{"containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[
               {"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
               {"name":"b","ready":true,"state":{"running":{}}}]}}
            """);

        Assert.Equal(["1/2", "Running"], cells[1..3]);
    }
}
