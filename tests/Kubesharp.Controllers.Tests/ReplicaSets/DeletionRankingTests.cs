using System.Text.Json.Nodes;
using Kubesharp.Controllers.ReplicaSets;

namespace Kubesharp.Controllers.Tests.ReplicaSets;

public sealed class DeletionRankingTests
{
    [Fact]
    public void PickVictims_MixedPods_UnscheduledThenPendingThenNotReadyThenNewest()
    {
        var running = Pod("running-old", node: "n1", phase: "Running", ready: true, created: "2026-01-01T00:00:00Z");
        var runningNew = Pod("running-new", node: "n1", phase: "Running", ready: true, created: "2026-01-02T00:00:00Z");
        var notReady = Pod("not-ready", node: "n1", phase: "Running", ready: false, created: "2026-01-01T00:00:00Z");
        var pending = Pod("pending", node: "n1", phase: "Pending", ready: false, created: "2026-01-01T00:00:00Z");
        var unscheduled = Pod("unscheduled", node: null, phase: "Pending", ready: false, created: "2026-01-01T00:00:00Z");

        var order = DeletionRanking.PickVictims([running, runningNew, notReady, pending, unscheduled], 5)
            .Select(p => p["metadata"]!["name"]!.GetValue<string>());

        Assert.Equal(["unscheduled", "pending", "not-ready", "running-new", "running-old"], order);
    }

    [Fact]
    public void PickVictims_SameStateMoreRestarts_GoesFirst()
    {
        var calm = Pod("calm", node: "n1", phase: "Running", ready: false, created: "2026-01-01T00:00:00Z");
        var crashy = Pod("crashy", node: "n1", phase: "Running", ready: false, created: "2026-01-01T00:00:00Z", restarts: 4);

        Assert.Equal("crashy", DeletionRanking.PickVictims([calm, crashy], 1).Single()["metadata"]!["name"]!.GetValue<string>());
    }

    private static JsonObject Pod(string name, string? node, string phase, bool ready, string created, int restarts = 0) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = created },
        ["spec"] = node is null ? new JsonObject() : new JsonObject { ["nodeName"] = node },
        ["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
            ["containerStatuses"] = new JsonArray(new JsonObject { ["restartCount"] = restarts }),
        },
    };
}
