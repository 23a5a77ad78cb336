using System.Globalization;

namespace Kubesharp.Controllers.CronJobs;

/// <summary>
/// A standard 5-field cron schedule (minute hour day-of-month month day-of-week) with ranges,
/// steps, lists, month/day names and the @hourly-style macros, as upstream's robfig/cron parser
/// accepts for CronJobs. When both day fields are restricted, a day matching either runs (cron's rule).
/// </summary>
internal sealed class CronSchedule
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _days;
    private readonly bool[] _months;
    private readonly bool[] _weekdays;
    private readonly bool _daysRestricted;
    private readonly bool _weekdaysRestricted;

    private CronSchedule(bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool daysRestricted, bool weekdaysRestricted)
    {
        _minutes = minutes;
        _hours = hours;
        _days = days;
        _months = months;
        _weekdays = weekdays;
        _daysRestricted = daysRestricted;
        _weekdaysRestricted = weekdaysRestricted;
    }

    /// <exception cref="FormatException">The text is not a schedule; the message says which part.</exception>
    public static CronSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var expanded = text.Trim() switch
        {
            "@yearly" or "@annually" => "0 0 1 1 *",
            "@monthly" => "0 0 1 * *",
            "@weekly" => "0 0 * * 0",
            "@daily" or "@midnight" => "0 0 * * *",
            "@hourly" => "0 * * * *",
            var other => other,
        };
        var fields = expanded.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            throw new FormatException($"expected exactly 5 fields, found {fields.Length}: {text}");
        }

        var weekdays = Field(fields[4], 0, 7, DayNames, "day of week");
        weekdays[0] |= weekdays[7]; // 7 is Sunday too
        return new CronSchedule(
            Field(fields[0], 0, 59, null, "minute"),
            Field(fields[1], 0, 23, null, "hour"),
            Field(fields[2], 1, 31, null, "day of month"),
            Field(fields[3], 1, 12, MonthNames, "month"),
            weekdays,
            fields[2] is not ("*" or "?"),
            fields[4] is not ("*" or "?"));
    }

    /// <summary>The first scheduled time strictly after <paramref name="after"/>, in <paramref name="zone"/>; null if none within 5 years.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var t = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified).AddMinutes(1);
        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months[t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours[t.Hour])
            {
                t = t.Date.AddHours(t.Hour + 1);
                continue;
            }

            if (!_minutes[t.Minute])
            {
                t = t.AddMinutes(1);
                continue;
            }

            if (zone.IsInvalidTime(t))
            {
                t = t.AddMinutes(1); // skipped by a DST jump
                continue;
            }

            return new DateTimeOffset(t, zone.GetUtcOffset(t));
        }

        return null;
    }

    private bool DayMatches(DateTime t)
    {
        var dom = _days[t.Day];
        var dow = _weekdays[(int)t.DayOfWeek];
        return _daysRestricted && _weekdaysRestricted ? dom || dow : dom && dow;
    }

    private static bool[] Field(string text, int min, int max, string[]? names, string what)
    {
        var set = new bool[max + 1];
        foreach (var part in text.Split(','))
        {
            var slash = part.Split('/');
            if (slash.Length > 2)
            {
                throw new FormatException($"bad {what}: {part}");
            }

            var step = slash.Length == 2 ? Number(slash[1], 1, max, null, what) : 1;
            int from, to;
            if (slash[0] is "*" or "?")
            {
                (from, to) = (min, max);
            }
            else if (slash[0].Split('-') is [var a, var b])
            {
                (from, to) = (Number(a, min, max, names, what), Number(b, min, max, names, what));
            }
            else
            {
                from = Number(slash[0], min, max, names, what);
                to = slash.Length == 2 ? max : from;
            }

            if (from > to)
            {
                throw new FormatException($"bad {what} range: {part}");
            }

            for (var v = from; v <= to; v += step)
            {
                set[v] = true;
            }
        }

        return set;
    }

    private static int Number(string text, int min, int max, string[]? names, string what)
    {
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToUpperInvariant());
            if (index >= 0)
            {
                return index + (min == 1 ? 1 : 0);
            }
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"bad {what}: '{text}' is not in {min}-{max}");
        }

        return value;
    }
}
