using System.Text;
using Kubesharp.ApiServer.Endpoints;
using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Tests.Endpoints;

public sealed class ProtobufBodyTests
{
    [Fact]
    public void Decode_ConfigMapEnvelope_GivesJsonWithoutEmptyGoFields()
    {
        var metadata = Concat(Str(1, "settings"), Str(2, ""), Str(3, "ns1"), Entry(11, "app", "web"));
        var configMap = Concat(Message(1, metadata), Entry(2, "color", "blue"));
        var body = Envelope("v1", "ConfigMap", configMap);

        var obj = ProtobufBody.Decode(body);

        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings","namespace":"ns1","labels":{"app":"web"}},"data":{"color":"blue"}}""", obj.ToJsonString());
    }

    [Fact]
    public void Decode_SecretBytes_AreBase64()
    {
        var secret = Concat(Message(1, Str(1, "s")), Message(2, Concat(Str(1, "p"), Str(2, "q"))), Str(3, "Opaque"));

        var obj = ProtobufBody.Decode(Envelope("v1", "Secret", secret));

        Assert.Equal("cQ==", obj["data"]!["p"]!.GetValue<string>());
        Assert.Equal("Opaque", obj["type"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_KindWithoutSchema_Is415()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Envelope("example.com/v1", "Widget", Message(1, Str(1, "d")))));

        Assert.Equal(415, e.Code);
    }

    [Fact]
    public void Decode_Deployment_NestedMessagesIntsAndZeroReplicas()
    {
        var container = Concat(Str(1, "web"), Str(2, "busybox"), Message(6, Concat(Varint(3 << 3), Varint(8080))));
        var podSpec = Concat(Message(2, container), Varint(4 << 3), Varint(30));
        var template = Concat(Message(1, Entry(11, "app", "x")), Message(2, podSpec));
        var spec = Concat(Varint(1 << 3), Varint(0), Message(2, Entry(1, "app", "x")), Message(3, template));
        var deployment = Concat(Message(1, Concat(Str(1, "d"), Message(8, Concat(Varint(1 << 3), Varint(1_700_000_000))))), Message(2, spec));

        var obj = ProtobufBody.Decode(Envelope("apps/v1", "Deployment", deployment));

        Assert.Equal(0, obj["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("x", obj["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        var decoded = obj["spec"]!["template"]!["spec"]!;
        Assert.Equal(30, decoded["terminationGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(8080, decoded["containers"]![0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        Assert.Equal("2023-11-14T22:13:20Z", obj["metadata"]!["creationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_ServicePorts_IntOrStringAndDroppedZeroNodePort()
    {
        var port = Concat(Str(1, "http"), Str(2, "TCP"), Varint(3 << 3), Varint(80), Message(4, Concat(Varint(1 << 3), Varint(1), Str(3, "web"))), Varint(5 << 3), Varint(0));
        var service = Concat(Message(1, Str(1, "s")), Message(2, Concat(Message(1, port), Str(4, "ClusterIP"))));

        var obj = ProtobufBody.Decode(Envelope("v1", "Service", service));

        var decoded = obj["spec"]!["ports"]![0]!;
        Assert.Equal("web", decoded["targetPort"]!.GetValue<string>());
        Assert.Equal(80, decoded["port"]!.GetValue<int>());
        Assert.Null(decoded["nodePort"]);
    }

    [Fact]
    public void Decode_IngressRule_InlinesTheEmbeddedRuleValueAndDropsPlainFalse()
    {
        var backend = Message(4, Concat(Str(1, "svc"), Message(2, Concat(Varint(2 << 3), Varint(80)))));
        var path = Concat(Str(1, "/bar"), Message(2, backend), Str(3, "Exact"));
        var rule = Concat(Str(1, "foo.com"), Message(2, Message(1, Message(1, path))));
        var ingress = Concat(Message(1, Str(1, "i")), Message(2, Message(3, rule)));
        var container = Concat(Str(1, "c"), Varint(16 << 3), Varint(0));

        var obj = ProtobufBody.Decode(Envelope("networking.k8s.io/v1", "Ingress", ingress));
        var pod = ProtobufBody.Decode(Envelope("v1", "Pod", Message(2, Message(2, container))));

        var decoded = obj["spec"]!["rules"]![0]!;
        Assert.Null(decoded["ingressRuleValue"]);
        Assert.Equal("/bar", decoded["http"]!["paths"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(80, decoded["http"]!["paths"]![0]!["backend"]!["service"]!["port"]!["number"]!.GetValue<int>());
        Assert.Null(pod["spec"]!["containers"]![0]!["stdin"]);
    }

    [Fact]
    public void Decode_ResourceQuantities_AreStrings()
    {
        var hard = Message(1, Concat(Str(1, "cpu"), Message(2, Str(1, "500m"))));
        var quota = Concat(Message(1, Str(1, "q")), Message(2, hard));

        var obj = ProtobufBody.Decode(Envelope("v1", "ResourceQuota", quota));

        Assert.Equal("500m", obj["spec"]!["hard"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_TokenRequest_Decodes()
    {
        var obj = ProtobufBody.Decode(Envelope("authentication.k8s.io/v1", "TokenRequest", Concat(Message(1, Str(1, "")), Message(2, Concat(Str(1, "api"), Varint(4 << 3), Varint(7200))))));

        Assert.Equal("api", obj["spec"]!["audiences"]![0]!.GetValue<string>());
        Assert.Equal(7200, obj["spec"]!["expirationSeconds"]!.GetValue<long>());
    }

    [Fact]
    public void Decode_Truncated_Is400()
    {
        var body = Envelope("v1", "ConfigMap", Message(1, Str(1, "settings")));

        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body.AsMemory(0, body.Length - 3)));

        Assert.Equal(400, e.Code);
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        Concat([0x6b, 0x38, 0x73, 0x00], Message(1, Concat(Str(1, apiVersion), Str(2, kind))), Message(2, raw));

    private static byte[] Entry(int field, string key, string value) => Message(field, Concat(Str(1, key), Str(2, value)));

    private static byte[] Str(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] payload) => Concat(Varint((ulong)((field << 3) | 2)), Varint((ulong)payload.Length), payload);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
