using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

/// <summary>The stored form: the object's JSON without resourceVersion, whatever its size.</summary>
public sealed class ObjectCodecTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(20_000)] // beyond the pooled buffer's first size: it grows
    public void EncodePooled_IsSerializedObjectWithoutResourceVersion_AndKeepsIt(int size)
    {
        var obj = Object(new string('v', size));
        var expected = ObjectCodec.Serialize(Object(new string('v', size), withRevision: false));

        using var encoded = ObjectCodec.EncodePooled(obj);

        Assert.Equal(expected, encoded.Memory.ToArray());
        Assert.Equal("12", (string?)obj["metadata"]!["resourceVersion"]);
        // Metadata's closing brace, where a response splices resourceVersion back in.
        Assert.Equal((byte)'}', encoded.Memory.Span[encoded.MetadataEnd]);
        Assert.Equal(ObjectCodec.Serialize(obj), Spliced(encoded, 12));
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"ns","labels":{"k":"v"}},"data":{"x":"<é\u0022>"}}""")]
    [InlineData("""{"kind":"Pod","metadata":{},"spec":{}}""")]
    [InlineData("""{"spec":{"metadata":{"name":"inner"}},"metadata":{"name":"late","annotations":{"a":"{}"}}}""")]
    [InlineData("""{"metadata":{"name":"old","resourceVersion":"3"},"data":{}}""")] // a legacy value that kept its resourceVersion
    [InlineData("""{"kind":"NoMetadata"}""")]
    public void Served_StoredBytes_SameAsDecodingAndSerializing(string stored)
    {
        var value = System.Text.Encoding.UTF8.GetBytes(stored);

        var served = ObjectCodec.Served(value, 42);

        var expected = ObjectCodec.Serialize(ObjectCodec.Decode(value, 42));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(served)), System.Text.Encoding.UTF8.GetString(served));
        Assert.Equal("42", (string?)JsonNode.Parse(served)!["metadata"]!["resourceVersion"]);
    }

    [Fact]
    public void Served_EncodedObject_ByteForByteWhatDecodingAndSerializingWrites()
    {
        var stored = ObjectCodec.Encode(Object("x"));

        Assert.Equal(ObjectCodec.Serialize(ObjectCodec.Decode(stored, 7)), ObjectCodec.Served(stored, 7));
    }

    [Fact]
    public void Encode_EqualsPooledBytes()
    {
        var obj = Object("x");

        using var pooled = ObjectCodec.EncodePooled(obj);

        Assert.Equal(pooled.Memory.ToArray(), ObjectCodec.Encode(obj));
    }

    [Fact]
    public void PooledEncoding_AfterDispose_RefusesWrites()
    {
        var encoded = ObjectCodec.EncodePooled(Object("x"));
        encoded.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoded.GetSpan(1));
        Assert.Equal(0, encoded.Memory.Length);
    }

    private static JsonObject Object(string value, bool withRevision = true)
    {
        var metadata = new JsonObject { ["name"] = "a", ["namespace"] = "ns" };
        if (withRevision)
        {
            metadata["resourceVersion"] = "12";
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["k"] = value } };
    }

    private static byte[] Spliced(PooledEncoding encoded, long revision) =>
        new EncodedObject(encoded.Memory.ToArray(), encoded.MetadataEnd).Served(revision);
}
