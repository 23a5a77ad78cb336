using S = Kubesharp.ApiServer.Endpoints.ProtobufShape;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Field numbers from upstream's generated.proto (k8s.io/api/core/v1, apimachinery meta/v1) for the
/// kinds kubectl's typed create commands send as protobuf (create namespace/configmap/secret, autoscale).
/// TODO: generate the full table from upstream's generated.proto instead of listing kinds here.
/// </summary>
internal static class ProtobufSchemas
{
    private static readonly Dictionary<int, ProtobufField> ObjectMeta = new()
    {
        [1] = new("name", S.String),
        [2] = new("generateName", S.String),
        [3] = new("namespace", S.String),
        [4] = new("selfLink", S.String),
        [5] = new("uid", S.String),
        [6] = new("resourceVersion", S.String),
        [7] = new("generation", S.Int64),
        [8] = new("creationTimestamp", S.Time),
        [9] = new("deletionTimestamp", S.Time),
        [10] = new("deletionGracePeriodSeconds", S.Int64),
        [11] = new("labels", S.MapStringString),
        [12] = new("annotations", S.MapStringString),
        [14] = new("finalizers", S.RepeatedString),
    };

    private static readonly Dictionary<int, ProtobufField> ConfigMap = new()
    {
        [1] = new("metadata", S.Message, ObjectMeta),
        [2] = new("data", S.MapStringString),
        [3] = new("binaryData", S.MapStringBytes),
        [4] = new("immutable", S.Bool),
    };

    private static readonly Dictionary<int, ProtobufField> Secret = new()
    {
        [1] = new("metadata", S.Message, ObjectMeta),
        [2] = new("data", S.MapStringBytes),
        [3] = new("type", S.String),
        [4] = new("stringData", S.MapStringString),
        [5] = new("immutable", S.Bool),
    };

    private static readonly Dictionary<int, ProtobufField> Namespace = new()
    {
        [1] = new("metadata", S.Message, ObjectMeta),
        [2] = new("spec", S.Message, new Dictionary<int, ProtobufField> { [1] = new("finalizers", S.RepeatedString) }),
        [3] = new("status", S.Message, new Dictionary<int, ProtobufField> { [1] = new("phase", S.String) }),
    };

    /// <summary>k8s.io/api/autoscaling/v1: what <c>kubectl autoscale</c> sends.</summary>
    private static readonly Dictionary<int, ProtobufField> HorizontalPodAutoscalerV1 = new()
    {
        [1] = new("metadata", S.Message, ObjectMeta),
        [2] = new("spec", S.Message, new Dictionary<int, ProtobufField>
        {
            [1] = new("scaleTargetRef", S.Message, new Dictionary<int, ProtobufField> { [1] = new("kind", S.String), [2] = new("name", S.String), [3] = new("apiVersion", S.String) }),
            [2] = new("minReplicas", S.Int64),
            [3] = new("maxReplicas", S.Int64),
            [4] = new("targetCPUUtilizationPercentage", S.Int64),
        }),
        [3] = new("status", S.Message, new Dictionary<int, ProtobufField>
        {
            [1] = new("observedGeneration", S.Int64),
            [2] = new("lastScaleTime", S.Time),
            [3] = new("currentReplicas", S.Int64),
            [4] = new("desiredReplicas", S.Int64),
            [5] = new("currentCPUUtilizationPercentage", S.Int64),
        }),
    };

    /// <summary>The schema of a kind by apiVersion and kind, or null when it is not decoded yet.</summary>
    public static IReadOnlyDictionary<int, ProtobufField>? For(string apiVersion, string kind) => (apiVersion, kind) switch
    {
        ("v1", "ConfigMap") => ConfigMap,
        ("v1", "Secret") => Secret,
        ("v1", "Namespace") => Namespace,
        ("autoscaling/v1", "HorizontalPodAutoscaler") => HorizontalPodAutoscalerV1,
        _ => null,
    };
}
