using Kubesharp.Kubelet.Runtime;

namespace Kubesharp.Kubelet.Tests.Runtime;

public sealed class ContainerdOptionsTests
{
    [Fact]
    public void Validate_RelativeDataDirectory_Throws() =>
        Assert.Contains("absolute", Assert.Throws<ArgumentException>(() => new ContainerdOptions { DataDirectory = "data" }.Validate()).Message);

    [Fact]
    public void Validate_ExistingSocket_DoesNotNeedBinary() =>
        new ContainerdOptions { DataDirectory = "/d", ExistingSocket = "/run/x.sock", ContainerdPath = "/nope" }.Validate();

    [Fact]
    public void Validate_MissingBinary_PointsAtInstallScript() =>
        Assert.Contains("install-deps", Assert.Throws<ArgumentException>(
            () => new ContainerdOptions { DataDirectory = "/d", ContainerdPath = "/nope/containerd" }.Validate()).Message);

    [Fact]
    public void Validate_BadPodCidr_Throws()
    {
        var options = new ContainerdOptions { DataDirectory = "/d", ContainerdPath = "/bin/sh", PodCidr = "10.42.0.0" };

        Assert.Contains("CIDR", Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    [Fact]
    public void Validate_LongBridgeName_Throws()
    {
        var options = new ContainerdOptions { DataDirectory = "/d", ContainerdPath = "/bin/sh", BridgeName = "a-very-long-bridge-name" };

        Assert.Contains("bridge", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
