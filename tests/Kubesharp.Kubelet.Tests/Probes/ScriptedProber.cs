using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Kubesharp.Kubelet.Probes;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>Answers each probe type from its own script; an exhausted script repeats its last answer.</summary>
internal sealed class ScriptedProber : IProber
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ProbeResult>> scripts = new();
    private readonly ConcurrentDictionary<string, ProbeResult> last = new();

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Scripts the probe whose handler is <c>exec: {command: [<paramref name="name"/>]}</c>.</summary>
    public void Script(string name, params ProbeResult[] results)
    {
        var queue = scripts.GetOrAdd(name, _ => new ConcurrentQueue<ProbeResult>());
        foreach (var result in results)
        {
            queue.Enqueue(result);
        }
    }

    public Task<ProbeResult> ProbeAsync(JsonObject handler, ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var name = handler["exec"]?["command"]?[0]?.GetValue<string>() ?? "";
        Calls.AddOrUpdate(name, 1, (_, n) => n + 1);
        if (scripts.TryGetValue(name, out var queue) && queue.TryDequeue(out var next))
        {
            last[name] = next;
            return Task.FromResult(next);
        }

        return Task.FromResult(last.GetValueOrDefault(name, ProbeResult.Success));
    }

    /// <summary>A probe object whose exec command names its script.</summary>
    public static JsonObject Probe(string name, string extra = "") =>
        (JsonObject)JsonNode.Parse($$"""{"exec":{"command":["{{name}}"]}{{(extra.Length > 0 ? "," + extra : "")}}}""")!;
}
