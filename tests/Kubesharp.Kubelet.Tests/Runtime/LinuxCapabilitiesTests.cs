using Kubesharp.Kubelet.Runtime;

namespace Kubesharp.Kubelet.Tests.Runtime;

public sealed class LinuxCapabilitiesTests
{
    [Theory]
    [InlineData("000001fffeffffff", false)] // this machine: every capability but CAP_SYS_RESOURCE
    [InlineData("000001ffffffffff", true)]
    [InlineData("0000000001000000", true)]
    public void HasEffective_CapEffMask_ReadsBit24(string mask, bool expected) =>
        Assert.Equal(expected, LinuxCapabilities.HasEffective(["Name:\tx", $"CapEff:\t{mask}"], LinuxCapabilities.SysResource));
}
