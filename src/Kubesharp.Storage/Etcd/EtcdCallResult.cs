namespace Kubesharp.Storage.Etcd;

/// <summary>
/// A call's response and whether an earlier attempt of it failed after it may have reached
/// the cluster (so a failed guard may be the earlier attempt's own doing).
/// </summary>
internal readonly record struct EtcdCallResult<T>(T Response, bool EarlierAttemptMayHaveApplied);
