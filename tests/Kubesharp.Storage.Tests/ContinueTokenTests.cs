namespace Kubesharp.Storage.Tests;

public sealed class ContinueTokenTests
{
    [Theory]
    [InlineData("/registry/pods/default/web-0")]
    [InlineData("/ü/日本/😀")]
    public void Encode_ThenDecode_RoundTrips(string key)
    {
        var token = new ContinueToken(42, key).Encode();

        Assert.Equal(new ContinueToken(42, key), ContinueToken.Decode(token, "/"));
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!!")]
    [InlineData("AQ")]
    [InlineData("AgAAAAAAAAAqL2E")]
    public void Decode_Damaged_IsArgumentException(string token)
    {
        Assert.ThrowsAny<ArgumentException>(() => ContinueToken.Decode(token, "/"));
    }

    [Fact]
    public void Decode_OtherPrefix_IsArgumentException()
    {
        var token = new ContinueToken(5, "/a/x").Encode();

        Assert.ThrowsAny<ArgumentException>(() => ContinueToken.Decode(token, "/b/"));
    }
}
