using Kubesharp.Client.Rest;

namespace Kubesharp.Client.Informers;

/// <summary>How one watch ended, and whether it delivered anything (a watch that did resets the backoff).</summary>
internal sealed record WatchOutcome(WatchEnd End, bool Progressed, ApiException? Error);
