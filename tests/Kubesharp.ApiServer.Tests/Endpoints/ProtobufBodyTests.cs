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
        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(Envelope("apps/v1", "Deployment", Message(1, Str(1, "d")))));

        Assert.Equal(415, e.Code);
    }

    [Fact]
    public void Decode_Truncated_Is400()
    {
        var body = Envelope("v1", "ConfigMap", Message(1, Str(1, "settings")));

        var e = Assert.Throws<ApiException>(() => ProtobufBody.Decode(body.AsSpan(0, body.Length - 3)));

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
