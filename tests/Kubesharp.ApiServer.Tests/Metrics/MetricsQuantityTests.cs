using Kubesharp.ApiServer.Metrics;

namespace Kubesharp.ApiServer.Tests.Metrics;

public sealed class MetricsQuantityTests
{
    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(150_000_000UL, "150m")]
    [InlineData(2_000_000_000UL, "2")]
    [InlineData(1_500UL, "1500n")]
    [InlineData(12_000UL, "12u")]
    [InlineData(123_456_789UL, "123456789n")]
    public void Cpu_Nanocores_CanonicalQuantity(ulong nanoCores, string expected) => Assert.Equal(expected, MetricsQuantity.Cpu(nanoCores));

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(4096UL, "4Ki")]
    [InlineData(536_870_912UL, "512Mi")]
    [InlineData(1_500UL, "1500")]
    [InlineData(1_049_600UL, "1025Ki")]
    public void Memory_Bytes_CanonicalQuantity(ulong bytes, string expected) => Assert.Equal(expected, MetricsQuantity.Memory(bytes));
}
