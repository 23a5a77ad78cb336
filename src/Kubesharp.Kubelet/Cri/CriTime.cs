namespace Kubesharp.Kubelet.Cri;

/// <summary>CRI timestamps are Unix nanoseconds, 0 meaning "not yet".</summary>
internal static class CriTime
{
    public static DateTimeOffset FromNanoseconds(long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    public static DateTimeOffset? FromNanosecondsOrNull(long nanoseconds) =>
        nanoseconds == 0 ? null : FromNanoseconds(nanoseconds);
}
