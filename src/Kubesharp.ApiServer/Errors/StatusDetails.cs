using System.Text.Json;

namespace Kubesharp.ApiServer.Errors;

/// <summary>The <c>details</c> of a Status: which object, and for 422 which fields were wrong.</summary>
public sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null)
{
    internal void WriteTo(Utf8JsonWriter json)
    {
        json.WriteStartObject("details");
        if (Name is not null)
        {
            json.WriteString("name", Name);
        }

        if (Group is not null)
        {
            json.WriteString("group", Group);
        }

        if (Kind is not null)
        {
            json.WriteString("kind", Kind);
        }

        if (Causes is { Count: > 0 })
        {
            json.WriteStartArray("causes");
            foreach (var cause in Causes)
            {
                json.WriteStartObject();
                json.WriteString("reason", cause.Reason);
                json.WriteString("message", cause.Message);
                json.WriteString("field", cause.Field);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
