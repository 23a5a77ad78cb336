namespace Kubesharp.Proxy.Sync;

/// <summary>What one sync did: a full table replacement or an incremental change of <paramref name="Services"/> services.</summary>
internal readonly record struct SyncResult(bool Full, int Services);
