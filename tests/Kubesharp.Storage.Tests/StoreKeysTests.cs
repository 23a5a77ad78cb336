namespace Kubesharp.Storage.Tests;

public sealed class StoreKeysTests
{
    [Theory]
    [InlineData("/a", "/b")]
    [InlineData("/a/", "/a0")]
    public void RangeEnd_IsTheNextPrefix(string prefix, string expected)
    {
        var end = StoreKeys.RangeEnd(System.Text.Encoding.UTF8.GetBytes(prefix));

        Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(end));
    }

    [Fact]
    public void RangeEnd_TrailingFF_CarriesIntoThePreviousByte()
    {
        Assert.Equal([0x2f, 0x62], StoreKeys.RangeEnd([0x2f, 0x61, 0xff]));
    }

    [Fact]
    public void RangeEnd_AllFF_IsEndOfKeySpace()
    {
        Assert.Equal([0], StoreKeys.RangeEnd([0xff, 0xff]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("/a/")]
    [InlineData("/a\0b")]
    public void ValidateKey_Bad_Throws(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => StoreKeys.ValidateKey(key));
    }

    [Fact]
    public void ValidateKey_TooLong_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => StoreKeys.ValidateKey("/" + new string('x', StoreKeys.MaxKeyBytes)));
    }
}
