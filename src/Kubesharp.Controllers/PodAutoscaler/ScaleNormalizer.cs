using System.Collections.Concurrent;

namespace Kubesharp.Controllers.PodAutoscaler;

/// <summary>
/// Turns a metric proposal into the replica count to set, as upstream: stabilization over recent
/// recommendations (scale-down window 300 s by default), then min/max and the rate limits — max(2×, 4)
/// without spec.behavior, else the behavior's policies over what changed in each period. Keeps the
/// history per HPA, in memory, as upstream does (a restart starts a fresh window).
/// </summary>
internal sealed class ScaleNormalizer(TimeProvider time, TimeSpan downscaleStabilization)
{
    private readonly ConcurrentDictionary<string, History> _history = new(StringComparer.Ordinal);

    /// <summary>At first sight, the current size counts as a recent recommendation, so nothing scales down right after a restart.</summary>
    public void RecordInitial(string key, int currentReplicas) =>
        _history.GetOrAdd(key, _ => new History([new Recommendation(currentReplicas, time.GetUtcNow())]));

    public void Forget(string key) => _history.TryRemove(key, out _);

    /// <summary>Returns the count to set and records AbleToScale/ScalingLimited conditions on <paramref name="conditions"/>.</summary>
    public int Normalize(string key, AutoscalerSpec spec, int current, int proposed, AutoscalerConditions conditions)
    {
        var history = _history.GetOrAdd(key, _ => new History([]));
        lock (history)
        {
            var now = time.GetUtcNow();
            int stabilized;
            if (spec.ScaleUp is null || spec.ScaleDown is null)
            {
                stabilized = Math.Max(proposed, history.Recommendations.Where(r => r.At >= now - downscaleStabilization).Select(r => r.Replicas).DefaultIfEmpty(proposed).Max());
                history.Record(new Recommendation(proposed, now), now - downscaleStabilization);
            }
            else
            {
                var upCutoff = now - spec.ScaleUp.StabilizationWindow!.Value;
                var downCutoff = now - (spec.ScaleDown.StabilizationWindow ?? downscaleStabilization);
                var up = history.Recommendations.Where(r => r.At > upCutoff).Select(r => r.Replicas).Append(proposed).Min();
                var down = history.Recommendations.Where(r => r.At > downCutoff).Select(r => r.Replicas).Append(proposed).Max();
                stabilized = Math.Min(Math.Max(current, up), down);
                history.Record(new Recommendation(proposed, now), upCutoff < downCutoff ? upCutoff : downCutoff);
            }

            if (stabilized != proposed)
            {
                var (reason, message) = proposed >= current && spec.ScaleUp is not null
                    ? ("ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation")
                    : ("ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation");
                conditions.Set("AbleToScale", "True", reason, message);
            }
            else
            {
                conditions.Set("AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size");
            }

            var (desired, limitReason, limitMessage) = spec.ScaleUp is null || spec.ScaleDown is null
                ? Limit(current, stabilized, spec.MinReplicas, spec.MaxReplicas)
                : LimitByRate(spec, history, current, stabilized, now);
            conditions.Set("ScalingLimited", desired == stabilized ? "False" : "True", limitReason, limitMessage);
            return desired;
        }
    }

    /// <summary>Remembers a change made, for the behavior policies' periods.</summary>
    public void RecordScale(string key, AutoscalerSpec spec, int from, int to)
    {
        if (spec.ScaleUp is null || spec.ScaleDown is null || !_history.TryGetValue(key, out var history))
        {
            return;
        }

        lock (history)
        {
            var now = time.GetUtcNow();
            var (events, rules) = to > from ? (history.ScaleUps, spec.ScaleUp) : (history.ScaleDowns, spec.ScaleDown);
            events.RemoveAll(e => e.At < now - rules.LongestPeriod);
            events.Add(new Recommendation(Math.Abs(to - from), now));
        }
    }

    private static (int, string, string) Limit(int current, int desired, int min, int max)
    {
        var scaleUpLimit = Math.Max(2 * current, 4);
        var (minimum, minMessage) = min == 0 ? (1, "the desired replica count is zero") : (min, "the desired replica count is less than the minimum replica count");
        var (maximum, maxReason, maxMessage) = max > scaleUpLimit
            ? (scaleUpLimit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
            : (max, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
        return desired < minimum ? (minimum, "TooFewReplicas", minMessage)
            : desired > maximum ? (maximum, maxReason, maxMessage)
            : (desired, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    private static (int, string, string) LimitByRate(AutoscalerSpec spec, History history, int current, int desired, DateTimeOffset now)
    {
        if (desired > current)
        {
            var limit = Math.Max(current, RateLimit(spec.ScaleUp!, history, current, now, up: true));
            var (maximum, reason, message) = spec.MaxReplicas > limit
                ? (limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate")
                : (spec.MaxReplicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count");
            if (desired > maximum)
            {
                return (maximum, reason, message);
            }
        }
        else if (desired < current)
        {
            var limit = Math.Min(current, RateLimit(spec.ScaleDown!, history, current, now, up: false));
            var (minimum, reason, message) = spec.MinReplicas < limit
                ? (limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate")
                : (spec.MinReplicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count");
            if (desired < minimum)
            {
                return (minimum, reason, message);
            }
        }

        return (desired, "DesiredWithinRange", "the desired count is within the acceptable range");
    }

    /// <summary>Each policy allows a size relative to the size at the start of its period; selectPolicy picks among them.</summary>
    private static int RateLimit(ScalingRules rules, History history, int current, DateTimeOffset now, bool up)
    {
        if (rules.SelectPolicy == "Disabled")
        {
            return current;
        }

        // For scale-up, Max picks the largest allowance; for scale-down the largest allowance is the smallest size.
        var pickLargestChange = rules.SelectPolicy != "Min";
        var result = (pickLargestChange == up) ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies)
        {
            var cutoff = now - TimeSpan.FromSeconds(policy.PeriodSeconds);
            var added = history.ScaleUps.Where(e => e.At > cutoff).Sum(e => e.Replicas);
            var removed = history.ScaleDowns.Where(e => e.At > cutoff).Sum(e => e.Replicas);
            var periodStart = current - added + removed;
            var proposed = (up, policy.Type) switch
            {
                (true, "Pods") => periodStart + policy.Value,
                (true, _) => (int)Math.Ceiling(periodStart * (1 + (policy.Value / 100.0))),
                (false, "Pods") => periodStart - policy.Value,
                (false, _) => (int)(periodStart * (1 - (policy.Value / 100.0))),
            };
            result = (pickLargestChange == up) ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return result;
    }

    private sealed class History(List<Recommendation> recommendations)
    {
        public List<Recommendation> Recommendations { get; } = recommendations;

        public List<Recommendation> ScaleUps { get; } = [];

        public List<Recommendation> ScaleDowns { get; } = [];

        /// <summary>Replaces a sample older than <paramref name="cutoff"/> (upstream reuses one slot) or appends.</summary>
        public void Record(Recommendation recommendation, DateTimeOffset cutoff)
        {
            var old = Recommendations.FindIndex(r => r.At < cutoff);
            if (old >= 0)
            {
                Recommendations[old] = recommendation;
            }
            else
            {
                Recommendations.Add(recommendation);
            }
        }
    }
}
