using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Subresources;

namespace Kubesharp.ApiServer.Tests.Subresources;

public sealed class PodContainersTests
{
    [Fact]
    public void Choose_OneContainer_ThatOne()
    {
        Assert.Equal("app", PodContainers.Choose(Pod(["app"]), null));
    }

    [Fact]
    public void Choose_SeveralWithoutName_UpstreamMessageListingAll()
    {
        var e = Assert.Throws<ApiException>(() => PodContainers.Choose(Pod(["a", "b"]), ""));
        Assert.Equal(400, e.Code);
        Assert.Equal("a container name must be specified for pod web, choose one of: [a b]", e.Message);
    }

    [Fact]
    public void Choose_SeveralWithDefaultAnnotation_Annotated()
    {
        var pod = Pod(["a", "b"]);
        pod["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/default-container"] = "b" };
        Assert.Equal("b", PodContainers.Choose(pod, null));
    }

    [Fact]
    public void Choose_UnknownName_NotValidForPod()
    {
        var e = Assert.Throws<ApiException>(() => PodContainers.Choose(Pod(["a"]), "nope"));
        Assert.Equal("container nope is not valid for pod web", e.Message);
    }

    [Fact]
    public void NotStarted_WaitingOrNoStatus_KubeletMessage()
    {
        var pod = Pod(["app"]);
        Assert.Equal("container \"app\" in pod \"web\" is waiting to start: ContainerCreating", PodContainers.NotStarted(pod, "app", previous: false));
        pod["status"] = Status(new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "ImagePullBackOff" } }, null);
        Assert.Equal("container \"app\" in pod \"web\" is waiting to start: trying and failing to pull image", PodContainers.NotStarted(pod, "app", previous: false));
        Assert.Equal("previous terminated container \"app\" in pod \"web\" not found", PodContainers.NotStarted(pod, "app", previous: true));
    }

    [Fact]
    public void NotStarted_RunningOrRestarted_Null()
    {
        var pod = Pod(["app"]);
        pod["status"] = Status(new JsonObject { ["running"] = new JsonObject() }, null);
        Assert.Null(PodContainers.NotStarted(pod, "app", previous: false));
        pod["status"] = Status(new JsonObject { ["waiting"] = new JsonObject { ["reason"] = "CrashLoopBackOff" } }, new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 1 } });
        Assert.Null(PodContainers.NotStarted(pod, "app", previous: false));
        Assert.Null(PodContainers.NotStarted(pod, "app", previous: true));
    }

    private static JsonObject Status(JsonObject state, JsonObject? last) => new()
    {
        ["containerStatuses"] = new JsonArray(new JsonObject { ["name"] = "app", ["state"] = state, ["lastState"] = last ?? new JsonObject() }),
    };

    private static JsonObject Pod(string[] containers)
    {
        var list = new JsonArray();
        foreach (var name in containers)
        {
            list.Add((JsonNode)new JsonObject { ["name"] = name, ["image"] = "busybox" });
        }

        return new JsonObject { ["metadata"] = new JsonObject { ["name"] = "web" }, ["spec"] = new JsonObject { ["containers"] = list } };
    }
}
