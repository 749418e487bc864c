using System.Text.RegularExpressions;

namespace Sharpen.Data.Cleaning;

/// <summary>
/// Replaces personal data with placeholders: e-mail addresses (<c>[EMAIL]</c>), payment-card numbers that pass the
/// Luhn check (<c>[CARD_NUMBER]</c>), US-SSN-shaped national IDs with valid area/group/serial
/// (<c>[NATIONAL_ID]</c>) and phone numbers of 7–15 digits in three groups or with a leading + or (area) (<c>[PHONE]</c>).
/// Pattern-based: it lowers risk, it does not prove de-identification.
/// </summary>
internal static partial class PiiScrubber
{
    public static string Scrub(string text, out int replaced)
    {
        var count = 0;
        text = Email().Replace(text, _ => { count++; return "[EMAIL]"; });
        text = Card().Replace(text, m =>
        {
            var digits = new string(m.Value.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length is < 13 or > 19 || !PassesLuhn(digits))
            {
                return m.Value;
            }

            count++;
            return "[CARD_NUMBER]";
        });
        text = NationalId().Replace(text, m =>
        {
            var area = int.Parse(m.Groups["area"].ValueSpan, provider: null);
            if (area is 0 or 666 or >= 900 || m.Groups["group"].Value == "00" || m.Groups["serial"].Value == "0000")
            {
                return m.Value;
            }

            count++;
            return "[NATIONAL_ID]";
        });
        text = Phone().Replace(text, m =>
        {
            var digits = m.Value.Count(char.IsAsciiDigit);
            var groups = m.Value.Split([' ', '.', '-', ')'], StringSplitOptions.RemoveEmptyEntries).Length;
            var marked = m.Value[0] is '+' or '(';

            // "2019-2020" or "3.14 15" are not phone numbers: without a + or (area) prefix ask for three groups;
            // an SSN-shaped number the national-ID rule left alone (invalid area, e.g. 000) is not a phone either.
            if (digits is < 7 or > 15 || (!marked && groups < 3) || NationalId().IsMatch(m.Value))
            {
                return m.Value;
            }

            count++;
            return "[PHONE]";
        });
        replaced = count;
        return text;
    }

    /// <summary>The Luhn (mod 10) check used by payment-card numbers (ISO/IEC 7812-1).</summary>
    internal static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d-])\d(?:[ \-]?\d){12,18}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex Card();

    [GeneratedRegex(@"(?<![\d-])(?<area>\d{3})-(?<group>\d{2})-(?<serial>\d{4})(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex NationalId();

    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}(?:[ .\-]\d{2,4}){1,4}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
