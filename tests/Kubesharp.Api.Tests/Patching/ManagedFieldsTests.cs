using Kubesharp.Api.Patching;
using static Kubesharp.Api.Tests.Patching.PatchTestHelpers;

namespace Kubesharp.Api.Tests.Patching;

public sealed class ManagedFieldsTests
{
    private static readonly DateTimeOffset T1 = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void RecordUpdate_Create_OwnsAllUserFieldsButNotServerMetadataOrStatus()
    {
        var result = ManagedFields.RecordUpdate(null, Obj("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","uid":"u","resourceVersion":"1","labels":{"app":"x"}},
             "spec":{"containers":[{"name":"c","image":"i"}]},"status":{"phase":"Pending"}}
            """), "kubectl-create", "v1", T1);
        var entry = result["metadata"]!["managedFields"]![0]!;
        Assert.Equal("kubectl-create", (string?)entry["manager"]);
        Assert.Equal("Update", (string?)entry["operation"]);
        Assert.Equal("2024-01-02T03:04:05Z", (string?)entry["time"]);
        AssertJson("""
            {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesOwnershipAndRemovedFieldLeavesEveryone()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1","b":"2","c":"3"}}"""), "creator", "v1", T1);
        var after = Obj(created.ToJsonString());
        after["data"]!["a"] = "changed";
        after["data"]!.AsObject().Remove("b");
        after["metadata"]!.AsObject().Remove("managedFields");
        var result = ManagedFields.RecordUpdate(created, after, "editor", "v1", T1.AddHours(1));
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        AssertJson("""{"f:data":{"f:c":{}}}""", entries.Single(e => (string?)e!["manager"] == "creator")!["fieldsV1"]);
        AssertJson("""{"f:data":{"f:a":{}}}""", entries.Single(e => (string?)e!["manager"] == "editor")!["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_NoChange_KeepsEntryTime()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}}"""), "m", "v1", T1);
        var again = ManagedFields.RecordUpdate(created, created, "m", "v1", T1.AddHours(1));
        Assert.Equal("2024-01-02T03:04:05Z", (string?)again["metadata"]!["managedFields"]![0]!["time"]);
    }

    [Fact]
    public void RecordUpdate_DoesNotMutateInputs()
    {
        var after = Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}}""");
        var before = after.ToJsonString();
        ManagedFields.RecordUpdate(null, after, "m", "v1", T1);
        Assert.Equal(before, after.ToJsonString());
    }

    [Fact]
    public void RecordUpdateInPlace_WritesIntoTheObject_SameResultAsRecordUpdate()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{"a":"1"}},"data":{"a":"1","b":"2"}}"""), "creator", "v1", T1);
        var after = Obj(created.ToJsonString());
        after["data"]!["a"] = "changed";
        after["metadata"]!["labels"]!["b"] = "2";
        var copied = ManagedFields.RecordUpdate(created, Obj(after.ToJsonString()), "editor", "v1", T1.AddHours(1));

        var inPlace = ManagedFields.RecordUpdateInPlace(created, after, "editor", "v1", T1.AddHours(1));

        Assert.Same(after, inPlace);
        Assert.Equal(copied.ToJsonString(), inPlace.ToJsonString());
        Assert.Equal(2, inPlace["metadata"]!["managedFields"]!.AsArray().Count);
    }

    [Fact]
    public void RecordUpdate_SameManagerChangesFields_NewTimeAndUnionOfFields()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"a":"1"}}"""), "m", "v1", T1);
        var after = Obj(created.ToJsonString());
        after["data"]!["b"] = "2";
        var result = ManagedFields.RecordUpdate(created, after, "m", "v1", T1.AddHours(1));
        var entry = result["metadata"]!["managedFields"]!.AsArray().Single()!;
        Assert.Equal("2024-01-02T04:04:05Z", (string?)entry["time"]);
        AssertJson("""{"f:data":{"f:a":{},"f:b":{}}}""", entry["fieldsV1"]);
    }

    [Fact]
    public void RecordUpdate_FieldsV1_ListItemMarkerFirstThenFieldsInOrdinalOrder()
    {
        // "a-b" sorts before "a" followed by the path separator, and "a\u0001b" before it too: the
        // written object must still be in upstream's order, "." first and keys ordinal.
        var result = ManagedFields.RecordUpdate(null, Obj("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]},"data":{"a-b":"1","a":{"x":"1"},"a\u0001b":"2"}}
            """), "m", "v1", T1);
        var fields = result["metadata"]!["managedFields"]![0]!["fieldsV1"]!;
        Assert.Equal(
            """{"f:data":{"f:a":{"f:x":{}},"f:a\u0001b":{},"f:a-b":{}},"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}}}}""",
            fields.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
    [Fact]
    public void RecordUpdate_OtherManagersEntryWrittenByHand_IsRewrittenInUpstreamForm()
    {
        // Unsorted, and a leaf spelled as {".":{}}: read as paths, then written the canonical way, not copied.
        var before = Obj("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":[
              {"manager":"hand","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:b":{".":{}},"f:a":{}}}}]},
             "data":{"a":"1","b":"2","c":"3"}}
            """);
        var after = Obj(before.ToJsonString());
        after["data"]!["c"] = "changed";
        var result = ManagedFields.RecordUpdate(before, after, "editor", "v1", T1);
        var hand = result["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "hand")!;
        Assert.Equal("""{"f:data":{"f:a":{},"f:b":{}}}""", hand["fieldsV1"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_StatusWrite_LeavesOtherManagersSpecFieldsAndOwnsOnlyStatus()
    {
        var created = ManagedFields.RecordUpdate(null, Obj("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}
            """), "creator", "v1", T1);
        var after = Obj(created.ToJsonString());
        after["spec"]!["containers"]![0]!["image"] = "changed by a status write, which must not count";
        after["status"] = Obj("""{"phase":"Running"}""");
        var result = ManagedFields.RecordUpdate(created, after, "kubelet", "v1", T1.AddHours(1), subresource: "status");
        var entries = result["metadata"]!["managedFields"]!.AsArray();
        Assert.Equal(
            created["metadata"]!["managedFields"]![0]!["fieldsV1"]!.ToJsonString(),
            entries.Single(e => (string?)e!["manager"] == "creator")!["fieldsV1"]!.ToJsonString());
        AssertJson("""{"f:status":{"f:phase":{}}}""", entries.Single(e => (string?)e!["manager"] == "kubelet")!["fieldsV1"]);
    }
}
