using Kubesharp.Api.Schema;

namespace Kubesharp.ApiServer.Tests.OpenApi;

public sealed class PatchMetadataTests
{
    [Fact]
    public void Lookup_DeploymentContainers_MergeByName()
    {
        var field = PatchMetadata.Lookup("apps/v1", "Deployment", ["spec", "template", "spec", "containers"])!;
        Assert.Equal(FieldShape.Array, field.Shape);
        Assert.Equal("name", field.PatchMergeKey);
        Assert.True(field.MergesByKey);
    }

    [Fact]
    public void Lookup_ContainerPorts_KeyedByPortAndProtocol()
    {
        var field = PatchMetadata.Lookup("v1", "Pod", ["spec", "containers", "ports"])!;
        Assert.Equal("containerPort", field.PatchMergeKey);
        Assert.Equal(["containerPort", "protocol"], field.ListMapKeys);
    }

    [Fact]
    public void Lookup_Finalizers_MergeSetWithoutKey()
    {
        var field = PatchMetadata.Lookup("v1", "ConfigMap", ["metadata", "finalizers"])!;
        Assert.Equal("merge", field.PatchStrategy);
        Assert.Equal("set", field.ListType);
        Assert.Null(field.PatchMergeKey);
    }

    [Fact]
    public void Lookup_Tolerations_Atomic()
    {
        var field = PatchMetadata.Lookup("v1", "Pod", ["spec", "tolerations"])!;
        Assert.Equal("atomic", field.ListType);
        Assert.False(field.MergesByKey);
    }

    [Fact]
    public void Lookup_ShapesOfMapsAndStructs()
    {
        Assert.Equal(FieldShape.Map, PatchMetadata.Lookup("v1", "ConfigMap", ["data"])!.Shape);
        Assert.Equal(FieldShape.Primitive, PatchMetadata.Lookup("v1", "ConfigMap", ["metadata", "labels", "app"])!.Shape);
        Assert.Equal(FieldShape.Struct, PatchMetadata.Lookup("apps/v1", "Deployment", ["spec", "strategy"])!.Shape);
        Assert.Equal("retainKeys", PatchMetadata.Lookup("apps/v1", "Deployment", ["spec", "strategy"])!.PatchStrategy);
    }

    [Fact]
    public void Lookup_UnknownKindOrField_ReturnsNull()
    {
        Assert.Null(PatchMetadata.Lookup("example.com/v1", "Widget", ["spec"]));
        Assert.Null(PatchMetadata.Lookup("v1", "Pod", ["spec", "nope"]));
    }
}
