using System.Text.Json.Nodes;

namespace Kubesharp.Api.Tests.CustomResources;

/// <summary>A valid CronTab definition (the upstream docs' example) to start tests from.</summary>
internal static class Crds
{
    public const string CronTab = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"crontabs.stable.example.com"},
         "spec":{"group":"stable.example.com","scope":"Namespaced",
           "names":{"plural":"crontabs","singular":"crontab","kind":"CronTab","shortNames":["ct"],"categories":["all"]},
           "versions":[
             {"name":"v1","served":true,"storage":true,
              "schema":{"openAPIV3Schema":{"type":"object","properties":{
                "spec":{"type":"object","properties":{"cronSpec":{"type":"string"},"image":{"type":"string"},"replicas":{"type":"integer","default":1}}},
                "status":{"type":"object","properties":{"replicas":{"type":"integer"},"labelSelector":{"type":"string"}}}}}},
              "subresources":{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas","labelSelectorPath":".status.labelSelector"}},
              "additionalPrinterColumns":[
                {"name":"Spec","type":"string","jsonPath":".spec.cronSpec"},
                {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
                {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]},
             {"name":"v1beta1","served":true,"storage":false,
              "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
             {"name":"v1alpha1","served":false,"storage":false,
              "schema":{"openAPIV3Schema":{"type":"object"}}}]}}
        """;

    public static JsonObject Parse(string json = CronTab) => JsonNode.Parse(json)!.AsObject();
}
