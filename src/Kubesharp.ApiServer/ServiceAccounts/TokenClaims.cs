namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>What a service account token says: who, for whom, until when, and what it is bound to.</summary>
internal sealed record TokenClaims(
    string Namespace,
    string ServiceAccountName,
    string ServiceAccountUid,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expires)
{
    public BoundObject? Pod { get; init; }

    public BoundObject? Secret { get; init; }

    public BoundObject? Node { get; init; }

    public string Subject => $"system:serviceaccount:{Namespace}:{ServiceAccountName}";
}
