namespace Kubesharp.Api.Validation;

/// <summary>Why a field is invalid; <see cref="FieldErrors.Reason"/> gives the StatusCause reason upstream sends.</summary>
public enum FieldErrorType
{
    Required,
    Invalid,
    TooLong,
    Forbidden,
    Duplicate,
    NotSupported,
    NotFound,
    TypeInvalid,
    TooMany,
    Internal,
}
