namespace Kubesharp.ApiServer.Discovery;

/// <summary>
/// Upstream's version priority: GA before beta before alpha, higher numbers first
/// (v2 > v1 > v1beta2 > v1beta1 > v1alpha1), so the first is a group's preferred version.
/// </summary>
internal static class ApiVersionOrder
{
    public static int Compare(string x, string y)
    {
        var (xMajor, xStage, xMinor) = Parse(x);
        var (yMajor, yStage, yMinor) = Parse(y);
        if (xStage != yStage)
        {
            return yStage.CompareTo(xStage);
        }

        if (xMajor != yMajor)
        {
            return yMajor.CompareTo(xMajor);
        }

        return xMinor != yMinor ? yMinor.CompareTo(xMinor) : string.CompareOrdinal(x, y);
    }

    // Stage: 2 = GA, 1 = beta, 0 = alpha, -1 = not a Kubernetes-style version (sorted last).
    private static (int Major, int Stage, int Minor) Parse(string version)
    {
        if (version.Length < 2 || version[0] != 'v' || !char.IsAsciiDigit(version[1]))
        {
            return (0, -1, 0);
        }

        var i = 1;
        while (i < version.Length && char.IsAsciiDigit(version[i]))
        {
            i++;
        }

        var major = int.Parse(version.AsSpan(1, i - 1), System.Globalization.CultureInfo.InvariantCulture);
        if (i == version.Length)
        {
            return (major, 2, 0);
        }

        var rest = version.AsSpan(i);
        var stage = rest.StartsWith("beta") ? 1 : rest.StartsWith("alpha") ? 0 : -1;
        var digits = rest[(stage == 1 ? 4 : 5)..];
        return stage >= 0 && int.TryParse(digits, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            ? (major, stage, minor)
            : (0, -1, 0);
    }
}
