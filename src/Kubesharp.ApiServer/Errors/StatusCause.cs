namespace Kubesharp.ApiServer.Errors;

/// <summary>One reason a request was invalid, e.g. <c>FieldValueRequired</c> at <c>metadata.name</c>.</summary>
public sealed record StatusCause(string Reason, string Message, string Field);
