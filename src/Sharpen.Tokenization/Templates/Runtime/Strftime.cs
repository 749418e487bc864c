using System.Globalization;
using System.Text;

namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>
/// Python's <c>datetime.strftime</c> in the C locale, for transformers' <c>strftime_now(format)</c> global
/// (Llama 3.2 prints "Today Date: 26 Jul 2024" with <c>"%d %b %Y"</c>).
/// </summary>
internal static class Strftime
{
    public static string Format(DateTimeOffset time, string format)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }

            var directive = format[++i];
            sb.Append(directive switch
            {
                'Y' => time.Year.ToString("0000", c),
                'y' => (time.Year % 100).ToString("00", c),
                'm' => time.Month.ToString("00", c),
                'd' => time.Day.ToString("00", c),
                'e' => time.Day.ToString(c).PadLeft(2),
                'H' => time.Hour.ToString("00", c),
                'I' => (((time.Hour + 11) % 12) + 1).ToString("00", c),
                'M' => time.Minute.ToString("00", c),
                'S' => time.Second.ToString("00", c),
                'f' => (time.Ticks % TimeSpan.TicksPerSecond / 10).ToString("000000", c),
                'p' => time.Hour < 12 ? "AM" : "PM",
                'b' or 'h' => c.DateTimeFormat.GetAbbreviatedMonthName(time.Month),
                'B' => c.DateTimeFormat.GetMonthName(time.Month),
                'a' => c.DateTimeFormat.GetAbbreviatedDayName(time.DayOfWeek),
                'A' => c.DateTimeFormat.GetDayName(time.DayOfWeek),
                'w' => ((int)time.DayOfWeek).ToString(c),
                'j' => time.DayOfYear.ToString("000", c),
                'z' => (time.Offset < TimeSpan.Zero ? "-" : "+") + time.Offset.ToString("hhmm", c),
                'F' => time.ToString("yyyy-MM-dd", c),
                'T' => time.ToString("HH:mm:ss", c),
                'D' => time.ToString("MM/dd/yy", c),
                '%' => "%",
                _ => "%" + directive,
            });
        }

        return sb.ToString();
    }
}
