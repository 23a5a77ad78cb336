using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kubesharp.Kubelet.Probes;

/// <summary>Resolves a probe's <c>port</c> (IntOrString): a number, or a name of one of the container's ports.</summary>
internal static class ProbePorts
{
    public static bool TryResolve(JsonNode? port, ProbeTarget target, out int number, out string error)
    {
        error = "";
        number = 0;
        if (port is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out number))
            {
                return Valid(number, out error);
            }

            if (value.TryGetValue(out string? text))
            {
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number))
                {
                    return Valid(number, out error);
                }

                if (target.NamedPorts.TryGetValue(text, out number))
                {
                    return Valid(number, out error);
                }

                error = $"couldn't find port: {text}";
                return false;
            }
        }

        error = "port is required";
        return false;
    }

    private static bool Valid(int number, out string error)
    {
        error = number is > 0 and <= 65535 ? "" : $"invalid port number: {number}";
        return error.Length == 0;
    }
}
