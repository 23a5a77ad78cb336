namespace Kubesharp.Kubelet.Probes;

/// <summary>
/// Upstream's threshold rule for one probe: a result takes effect only after it has repeated
/// successThreshold (success) or failureThreshold (failure) times in a row.
/// </summary>
internal sealed class ProbeCounter(int successThreshold, int failureThreshold)
{
    private bool? lastSucceeded;
    private int run;

    /// <summary>Counts one result; returns it once it has reached its threshold, else null.</summary>
    public bool? Record(bool succeeded)
    {
        run = lastSucceeded == succeeded ? run + 1 : 1;
        lastSucceeded = succeeded;
        return run >= (succeeded ? successThreshold : failureThreshold) ? succeeded : null;
    }
}
