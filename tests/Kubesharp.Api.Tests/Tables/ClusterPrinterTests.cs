using Kubesharp.Api.Tables;
using static Kubesharp.Api.Tests.Tables.TableConverterTests;

namespace Kubesharp.Api.Tests.Tables;

public sealed class ClusterPrinterTests
{
    private static readonly TableOptions Options = new() { Time = new FixedTime() };

    private static string[] Cells(string group, string plural, string json) =>
        TableConverterTests.Cells(TableConverter.Convert(Resource(group, plural), [Json(json)], Options));

    [Fact]
    public void Ingress_ShowsClassHostsAddressPorts()
    {
        Assert.Equal(["web", "nginx", "a.example.com,b.example.com", "10.0.0.9", "80, 443"], Cells("networking.k8s.io", "ingresses", """
            {"metadata":{"name":"web"},"spec":{"ingressClassName":"nginx","tls":[{"hosts":["a.example.com"]}],
             "rules":[{"host":"a.example.com"},{"host":"b.example.com"}]},"status":{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"}]}}}
            """)[..5]);
        Assert.Equal(["i", "<none>", "*", "", "80"], Cells("networking.k8s.io", "ingresses", """{"metadata":{"name":"i"},"spec":{}}""")[..5]);
    }

    [Fact]
    public void PriorityClass_ValueGlobalDefaultAgePolicy()
    {
        var table = TableConverter.Convert(Resource("scheduling.k8s.io", "priorityclasses"), [Json("""
            {"metadata":{"name":"system-cluster-critical","creationTimestamp":"2024-06-01T11:59:30Z"},"value":2000000000,"preemptionPolicy":"PreemptLowerPriority"}
            """)], Options);

        Assert.Equal(["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"], ColumnNames(table));
        Assert.Equal(["system-cluster-critical", "2000000000", "false", "30s", "PreemptLowerPriority"], TableConverterTests.Cells(table));
    }

    [Fact]
    public void StorageClass_MarksTheDefault()
    {
        Assert.Equal(["local-path (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", "false"], Cells("storage.k8s.io", "storageclasses", """
            {"metadata":{"name":"local-path","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}
            """)[..5]);
    }

    [Fact]
    public void RoleBinding_ListsSubjectsByKind()
    {
        Assert.Equal(["rb", "ClusterRole/view", "<unknown>", "alice, bob", "devs", "default/builder"], Cells("rbac.authorization.k8s.io", "rolebindings", """
            {"metadata":{"name":"rb"},"roleRef":{"kind":"ClusterRole","name":"view"},
             "subjects":[{"kind":"User","name":"alice"},{"kind":"Group","name":"devs"},{"kind":"User","name":"bob"},
               {"kind":"ServiceAccount","namespace":"default","name":"builder"}]}
            """));
    }

    [Fact]
    public void HorizontalPodAutoscaler_FormatsTargets()
    {
        Assert.Equal(["h", "Deployment/web", "cpu: 40%/80%, memory: <unknown>/500Mi", "2", "10", "3"], Cells("autoscaling", "horizontalpodautoscalers", """
            {"metadata":{"name":"h"},"spec":{"scaleTargetRef":{"kind":"Deployment","name":"web"},"minReplicas":2,"maxReplicas":10,
             "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}},
                        {"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"500Mi"}}}]},
             "status":{"currentReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40}}}]}}
            """)[..6]);
        Assert.Equal("cpu: <unknown>/50%", Cells("autoscaling", "horizontalpodautoscalers", """{"spec":{"targetCPUUtilizationPercentage":50}}""")[2]);
    }

    [Fact]
    public void EndpointSlice_LeaseAndPdb()
    {
        Assert.Equal(["s", "IPv4", "80,http", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more..."], Cells("discovery.k8s.io", "endpointslices", """
            {"metadata":{"name":"s"},"addressType":"IPv4","ports":[{"port":80},{"name":"http"}],
             "endpoints":[{"addresses":["10.0.0.1","10.0.0.2"]},{"addresses":["10.0.0.3","10.0.0.4"]}]}
            """)[..4]);
        Assert.Equal(["kube-scheduler", "n1_abc"], Cells("coordination.k8s.io", "leases", """{"metadata":{"name":"kube-scheduler"},"spec":{"holderIdentity":"n1_abc"}}""")[..2]);
        Assert.Equal(["pdb", "50%", "N/A", "1"], Cells("policy", "poddisruptionbudgets", """{"metadata":{"name":"pdb"},"spec":{"minAvailable":"50%"},"status":{"disruptionsAllowed":1}}""")[..4]);
        Assert.Equal("2", Cells("policy", "poddisruptionbudgets", """{"spec":{"maxUnavailable":2}}""")[2]);
    }

    [Fact]
    public void NetworkPolicy_EmptySelectorIsNone()
    {
        Assert.Equal("<none>", Cells("networking.k8s.io", "networkpolicies", """{"metadata":{"name":"deny"},"spec":{"podSelector":{}}}""")[1]);
        Assert.Equal("app=db", Cells("networking.k8s.io", "networkpolicies", """{"spec":{"podSelector":{"matchLabels":{"app":"db"}}}}""")[1]);
    }
}
