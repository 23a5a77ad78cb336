using Kubesharp.Kubelet.Runtime;

namespace Kubesharp.Kubelet.Tests.Runtime;

public sealed class CgroupCheckTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kubesharp-cgroup-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Problem_V1HierarchiesForCpuAndMemory_None()
    {
        _root.CreateSubdirectory("cpu,cpuacct");
        _root.CreateSubdirectory("cpu");
        _root.CreateSubdirectory("memory");

        Assert.Null(CgroupCheck.Problem(_root.FullName));
    }

    [Fact]
    public void Problem_V1WithoutMemory_NamesTheMissingController()
    {
        _root.CreateSubdirectory("cpu");
        _root.CreateSubdirectory("pids");

        Assert.Equal(
            $"the cgroup controller memory is missing under {_root.FullName} (containers need cpu and memory; mount cgroup2 there or the v1 cpu and memory hierarchies)",
            CgroupCheck.Problem(_root.FullName));
    }

    [Theory]
    [InlineData("cpuset cpu io memory hugetlb pids rdma misc\n", null)]
    [InlineData("cpuset io pids\n", "cpu and memory")]
    [InlineData("cpu io pids\n", "memory")]
    [InlineData("", "cpu and memory")]
    public void Problem_V2ControllersFile_ReadsTheList(string controllers, string? missing)
    {
        File.WriteAllText(Path.Combine(_root.FullName, "cgroup.controllers"), controllers);
        // A v2 root also has folders for its groups; a folder named memory must not count as a controller there.
        _root.CreateSubdirectory("memory");

        var problem = CgroupCheck.Problem(_root.FullName);

        if (missing is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.StartsWith(missing.Contains(' ', StringComparison.Ordinal) ? $"the cgroup controllers {missing} are missing" : $"the cgroup controller {missing} is missing", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Problem_NoHierarchy_SaysNothingIsMounted()
    {
        var absent = Path.Combine(_root.FullName, "absent");

        Assert.Equal($"no cgroup hierarchy at {absent} (containers need the cpu and memory controllers; mount cgroup2 there)", CgroupCheck.Problem(absent));
    }

    [Fact]
    public void Probe_AsRootWithoutCgroups_ReportsThemBeforeTheRuntime()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "the probe reports missing root first; run the tests as root");
        var socket = Path.Combine(_root.FullName, "containerd.sock");
        File.WriteAllBytes(socket, []);
        var options = new KubeletOptions("n1", _root.FullName) { ContainerRuntimeEndpoint = socket, CgroupRoot = Path.Combine(_root.FullName, "none") };

        Assert.StartsWith("no cgroup hierarchy at", KubeletHost.Probe(options), StringComparison.Ordinal);
        Assert.Null(KubeletHost.Probe(options with { CgroupRoot = "/sys/fs/cgroup" }));
    }
}
