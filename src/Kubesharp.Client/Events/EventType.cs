namespace Kubesharp.Client.Events;

/// <summary>core/v1 Event.type.</summary>
public enum EventType
{
    Normal,
    Warning,
}
