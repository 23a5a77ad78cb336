namespace Kubesharp.Api.Selectors;

/// <summary>The operators of a label requirement (selection.Operator upstream).</summary>
public enum SelectorOperator
{
    Equals,
    DoubleEquals,
    NotEquals,
    In,
    NotIn,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}
