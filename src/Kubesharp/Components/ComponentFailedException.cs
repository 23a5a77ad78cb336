namespace Kubesharp.Components;

/// <summary>A component stopped with an error; the server reports it and exits.</summary>
internal sealed class ComponentFailedException(string component, Exception inner)
    : Exception($"{component} failed: {inner.Message}", inner)
{
    public string Component { get; } = component;
}
