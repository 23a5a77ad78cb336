using System.Text.Json;

namespace Kubesharp.ApiServer.Errors;

/// <summary>The <c>details</c> of a Status: which object, and for 422 which fields were wrong.</summary>
public sealed record StatusDetails(string? Name, string? Group, string? Kind, IReadOnlyList<StatusCause>? Causes = null)
{
    /// <summary>How long the client should wait before retrying (429, 504); 0 writes nothing.</summary>
    public int RetryAfterSeconds { get; init; }

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
                if (cause.Field.Length > 0)
                {
                    // omitempty upstream: causes that are not about a field (DisruptionBudget) carry none.
                    json.WriteString("field", cause.Field);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (RetryAfterSeconds > 0)
        {
            json.WriteNumber("retryAfterSeconds", RetryAfterSeconds);
        }

        json.WriteEndObject();
    }
}
