using System.Text;
using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// core/v1 Secrets: write-only stringData is folded into data (base64, a stringData key winning
/// over the same data key) and never stored, as upstream's conversion does on every write; an
/// unset type is Opaque (SetDefaults_Secret).
/// </summary>
internal sealed class SecretStrategy : DefaultStrategy
{
    public SecretStrategy()
        : base(hasStatusSubresource: false, returnDeletedObject: false)
    {
    }

    protected override void ApplyDefaults(JsonObject obj)
    {
        if (obj["stringData"] is JsonObject stringData)
        {
            var data = Child(obj, "data");
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty;
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
        }

        obj.Remove("stringData");
        if (obj["type"] is not JsonValue type || !type.TryGetValue<string>(out var t) || t.Length == 0)
        {
            obj["type"] = "Opaque";
        }
    }
}
