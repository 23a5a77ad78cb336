namespace Kubesharp.Kubelet.Volumes;

/// <summary>What a failed TokenRequest does to a projected volume.</summary>
internal enum TokenFailure
{
    /// <summary>The volume fails to set up (an explicit serviceAccountToken source, as upstream).</summary>
    Fail,

    /// <summary>The token file is left out and a warning logged (the kubelet-added kube-api-access volume, so pods still start while the API server lacks TokenRequest or the account).</summary>
    Omit,
}
