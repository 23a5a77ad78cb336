namespace Kubesharp.Kubelet.Cri;

/// <summary>Why a CRI call failed, in the terms callers act on.</summary>
public enum CriErrorKind
{
    /// <summary>The sandbox, container or image does not exist.</summary>
    NotFound,

    /// <summary>The runtime is not answering on its socket (not started, crashed, wrong path).</summary>
    Unavailable,

    /// <summary>The call did not finish in time.</summary>
    DeadlineExceeded,

    /// <summary>The runtime rejected the request's content.</summary>
    InvalidArgument,

    AlreadyExists,

    /// <summary>The runtime failed doing the work; the message carries its own explanation.</summary>
    Failed,
}
