namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>A kubelet summary: node n1, pod default/web (two containers), pod default/young (no cpu rate yet).</summary>
internal static class MetricsFixtures
{
    public const string SummaryJson = """
        {"node":{"nodeName":"n1","startTime":"2026-12-01T10:00:00Z",
          "cpu":{"time":"2026-12-01T12:00:00Z","usageNanoCores":150000000,"usageCoreNanoSeconds":9000000000},
          "memory":{"time":"2026-12-01T12:00:00Z","workingSetBytes":536870912}},
         "pods":[
          {"podRef":{"name":"web","namespace":"default","uid":"u1"},"startTime":"2026-12-01T11:00:00Z","containers":[
            {"name":"app","cpu":{"time":"2026-12-01T12:00:00Z","usageNanoCores":2000000,"usageCoreNanoSeconds":1},"memory":{"time":"2026-12-01T12:00:00Z","workingSetBytes":4194304}},
            {"name":"sidecar","cpu":{"time":"2026-12-01T12:00:00Z","usageNanoCores":1000000,"usageCoreNanoSeconds":1},"memory":{"time":"2026-12-01T12:00:00Z","workingSetBytes":1048576}}]},
          {"podRef":{"name":"young","namespace":"default","uid":"u2"},"containers":[
            {"name":"app","cpu":{"time":"2026-12-01T12:00:00Z","usageCoreNanoSeconds":1},"memory":{"workingSetBytes":1}}]}]}
        """;
}
