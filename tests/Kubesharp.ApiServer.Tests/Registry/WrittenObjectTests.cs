using System.Text.Json.Nodes;
using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

/// <summary>A write's response written from its stored bytes must be the returned object, byte for byte.</summary>
public sealed class WrittenObjectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateWritten_StoredBytesWithRevision_AreTheObjectSerialized()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();

        var written = await f.Registry.CreateWrittenAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), new WriteOptions(FieldManager: "test"), Ct);

        Assert.NotNull(written.Encoded);
        Assert.Equal(ObjectCodec.Serialize(written.Object), Response(written));
        Assert.NotNull(written.Object["metadata"]!["managedFields"]);
    }

    [Fact]
    public async Task GuaranteedUpdateWritten_Changed_StoredBytesWithRevision_AreTheObjectSerialized()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), WriteOptions.None, Ct);

        var written = await f.Registry.GuaranteedUpdateWrittenAsync(new ObjectRef(Resources.ConfigMaps, "ns1", "a"), null, current =>
        {
            current!["data"]!["more"] = "x";
            current["metadata"]!["labels"] = new JsonObject { ["l"] = "1" };
            return current;
        }, null, new WriteOptions(FieldManager: "editor"), Ct);

        Assert.NotNull(written.Encoded);
        Assert.Equal(ObjectCodec.Serialize(written.Object), Response(written));
        Assert.Equal(f.Store.CurrentRevision, written.Revision);
    }

    [Fact]
    public async Task Written_DryRunOrUnchanged_HasNoEncoding()
    {
        await using var f = await ResourceRegistryCreateTests.RegistryWithNamespaceAsync();
        var dry = await f.Registry.CreateWrittenAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("a"), new WriteOptions(DryRun: true), Ct);
        await f.Registry.CreateAsync(Resources.ConfigMaps, "ns1", Resources.ConfigMap("b"), WriteOptions.None, Ct);

        var unchanged = await f.Registry.GuaranteedUpdateWrittenAsync(new ObjectRef(Resources.ConfigMaps, "ns1", "b"), null, current => current!, null, WriteOptions.None, Ct);

        Assert.Null(dry.Encoded);
        Assert.Null(unchanged.Encoded);
        Assert.Equal("b", (string?)unchanged.Object["metadata"]!["name"]);
    }

    [Fact]
    public void RevisionField_EmptyMetadata_HasNoComma()
    {
        var encoded = new EncodedObject("{\"metadata\":{}}"u8.ToArray(), 13);

        var field = encoded.RevisionField(7);

        Assert.Equal("{\"metadata\":{\"resourceVersion\":\"7\"}}", System.Text.Encoding.UTF8.GetString([.. encoded.Bytes.Span[..13], .. field, .. encoded.Bytes.Span[13..]]));
    }

    private static byte[] Response(WrittenObject written)
    {
        var encoded = written.Encoded!;
        return [.. encoded.Bytes.Span[..encoded.MetadataEnd], .. encoded.RevisionField(written.Revision), .. encoded.Bytes.Span[encoded.MetadataEnd..]];
    }
}
