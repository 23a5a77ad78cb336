namespace Kubesharp.Api.Patching;

/// <summary>One Status cause of a patch failure (type, message, field), e.g. each field of an apply conflict.</summary>
public sealed record PatchCause(string Type, string Message, string Field);
