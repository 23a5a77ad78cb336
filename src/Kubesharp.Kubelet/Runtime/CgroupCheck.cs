namespace Kubesharp.Kubelet.Runtime;

/// <summary>
/// Whether runc can give containers their limits: it needs the cpu and memory controllers, either
/// in a cgroup v2 hierarchy (listed in <c>cgroup.controllers</c>) or as v1 hierarchies (one folder
/// each, the hybrid layout of these machines). Without them every pod would fail later with an
/// opaque runc error; saying so at start is the point.
/// </summary>
internal static class CgroupCheck
{
    private static readonly string[] Required = ["cpu", "memory"];

    /// <summary>What is missing under <paramref name="root"/>, or null when containers can run.</summary>
    public static string? Problem(string root)
    {
        var unified = Path.Combine(root, "cgroup.controllers");
        var available = File.Exists(unified)
            ? File.ReadAllText(unified).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal)
            : Required.Where(c => Directory.Exists(Path.Combine(root, c))).ToHashSet(StringComparer.Ordinal);
        var missing = Required.Where(c => !available.Contains(c)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        return Directory.Exists(root)
            ? $"{(missing.Count == 1 ? "the cgroup controller " + missing[0] + " is" : "the cgroup controllers " + string.Join(" and ", missing) + " are")} missing under {root} (containers need cpu and memory; mount cgroup2 there or the v1 cpu and memory hierarchies)"
            : $"no cgroup hierarchy at {root} (containers need the cpu and memory controllers; mount cgroup2 there)";
    }
}
