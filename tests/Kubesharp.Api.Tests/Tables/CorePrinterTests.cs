using Kubesharp.Api.Tables;
using static Kubesharp.Api.Tests.Tables.TableConverterTests;

namespace Kubesharp.Api.Tests.Tables;

public sealed class CorePrinterTests
{
    private static readonly TableOptions Options = new() { Time = new FixedTime() };

    private static string[] Cells(string group, string plural, string json) =>
        TableConverterTests.Cells(TableConverter.Convert(Resource(group, plural), [Json(json)], Options));

    [Fact]
    public void Service_ClusterIP_WithPortsAndSelector()
    {
        var table = TableConverter.Convert(Resource("", "services"), [Json("""
            {"metadata":{"name":"web","creationTimestamp":"2024-06-01T11:59:30Z"},
             "spec":{"type":"NodePort","clusterIP":"10.43.0.10","clusterIPs":["10.43.0.10"],"selector":{"tier":"fe","app":"web"},
               "ports":[{"port":80,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"}]}}
            """)], Options);

        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], ColumnNames(table));
        Assert.Equal(["web", "NodePort", "10.43.0.10", "<none>", "80/TCP,443:30443/TCP", "30s", "app=web,tier=fe"], TableConverterTests.Cells(table));
    }

    [Fact]
    public void Service_LoadBalancerAndHeadless()
    {
        Assert.Equal("<pending>", Cells("", "services", """{"spec":{"type":"LoadBalancer","ports":[{"port":80,"protocol":"TCP"}]}}""")[3]);
        Assert.Equal("1.2.3.4,5.6.7.8", Cells("", "services", """{"spec":{"type":"LoadBalancer","externalIPs":["5.6.7.8"]},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}}""")[3]);
        Assert.Equal(["None", "<none>", "<none>"], Cells("", "services", """{"spec":{"type":"ClusterIP","clusterIPs":["None"]}}""")[2..5]);
        Assert.Equal("db.example.com", Cells("", "services", """{"spec":{"type":"ExternalName","externalName":"db.example.com"}}""")[3]);
    }

    [Fact]
    public void Node_ShowsStatusRolesVersionAndWide()
    {
        var table = TableConverter.Convert(Resource("", "nodes"), [Json("""
            {"metadata":{"name":"n1","creationTimestamp":"2024-05-30T12:00:00Z",
               "labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/master":"","kubernetes.io/hostname":"n1"}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
               "addresses":[{"type":"InternalIP","address":"192.168.1.10"},{"type":"Hostname","address":"n1"}],
               "nodeInfo":{"kubeletVersion":"v1.32.0","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://1.7.24"}}}
            """)], Options);

        Assert.Equal(["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"], ColumnNames(table));
        Assert.Equal(
            ["n1", "Ready,SchedulingDisabled", "control-plane,master", "2d", "v1.32.0", "192.168.1.10", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0", "containerd://1.7.24"],
            TableConverterTests.Cells(table));
    }

    [Fact]
    public void Node_WithoutReadyCondition_IsUnknown()
    {
        Assert.Equal(["n", "Unknown", "<none>"], Cells("", "nodes", """{"metadata":{"name":"n"}}""")[..3]);
        Assert.Equal("NotReady", Cells("", "nodes", """{"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}""")[1]);
    }

    [Fact]
    public void NamespaceConfigMapSecretServiceAccount()
    {
        Assert.Equal(["default", "Active", "119s"], Cells("", "namespaces", """{"metadata":{"name":"default","creationTimestamp":"2024-06-01T11:58:01Z"},"status":{"phase":"Active"}}"""));
        Assert.Equal(["cm", "3", "<unknown>"], Cells("", "configmaps", """{"metadata":{"name":"cm"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}"""));
        Assert.Equal(["s", "kubernetes.io/tls", "2", "<unknown>"], Cells("", "secrets", """{"metadata":{"name":"s"},"type":"kubernetes.io/tls","data":{"tls.crt":"","tls.key":""}}"""));
        Assert.Equal(["default", "0", "<unknown>"], Cells("", "serviceaccounts", """{"metadata":{"name":"default"}}"""));
    }

    [Fact]
    public void Endpoints_ListsAddressesWithPorts()
    {
        Assert.Equal("<none>", Cells("", "endpoints", """{"metadata":{"name":"e"}}""")[1]);
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", Cells("", "endpoints", """
            {"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80},{"port":443}]}]}
            """)[1]);
    }

    [Fact]
    public void Event_ShowsLastSeenTypeReasonObjectMessage()
    {
        var cells = Cells("", "events", """
            {"metadata":{"name":"web-1.17d"},"type":"Normal","reason":"Scheduled","message":"Successfully assigned default/web-1 to n1 ",
             "involvedObject":{"kind":"Pod","name":"web-1"},"source":{"component":"default-scheduler"},
             "firstTimestamp":"2024-06-01T11:50:00Z","lastTimestamp":"2024-06-01T11:59:00Z","count":3}
            """);

        Assert.Equal(["60s", "Normal", "Scheduled", "pod/web-1", "", "default-scheduler", "Successfully assigned default/web-1 to n1", "10m", "3", "web-1.17d"], cells);
    }

    [Fact]
    public void EventsV1_ReadsTheNewFields()
    {
        var cells = Cells("events.k8s.io", "events", """
            {"metadata":{"name":"e"},"type":"Warning","reason":"BackOff","note":"Back-off","regarding":{"kind":"Pod","name":"p"},
             "eventTime":"2024-06-01T11:59:50.000000Z","reportingController":"kubelet","reportingInstance":"n1"}
            """);

        Assert.Equal(["10s", "Warning", "BackOff", "pod/p", "", "kubelet, n1", "Back-off", "10s", "1", "e"], cells);
    }

    [Fact]
    public void PersistentVolumeAndClaim()
    {
        Assert.Equal(["pv1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "local", "<unset>", "", "<unknown>", "Filesystem"], Cells("", "persistentvolumes", """
            {"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],
             "persistentVolumeReclaimPolicy":"Retain","claimRef":{"namespace":"default","name":"data"},"storageClassName":"local","volumeMode":"Filesystem"},
             "status":{"phase":"Bound"}}
            """));
        Assert.Equal(["data", "Pending", "", "", "", "standard", "<unset>", "<unknown>", "<unset>"], Cells("", "persistentvolumeclaims", """
            {"metadata":{"name":"data"},"spec":{"storageClassName":"standard","resources":{"requests":{"storage":"1Gi"}}},"status":{"phase":"Pending"}}
            """));
    }
}
