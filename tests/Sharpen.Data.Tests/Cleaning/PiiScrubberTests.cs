using Sharpen.Data.Cleaning;

namespace Sharpen.Data.Tests.Cleaning;

public sealed class PiiScrubberTests
{
    [Theory]
    // Published test card numbers (Stripe/PayPal test docs): they pass the Luhn check.
    [InlineData("4111111111111111", true)]
    [InlineData("5555555555554444", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("79927398713", true)] // The worked example on the Wikipedia "Luhn algorithm" page.
    [InlineData("79927398710", false)]
    public void PassesLuhn_KnownNumbers(string digits, bool expected) =>
        Assert.Equal(expected, PiiScrubber.PassesLuhn(digits));

    [Theory]
    [InlineData("Mail jane.doe+x@example.co.uk today", "Mail [EMAIL] today")]
    [InlineData("Card 4111 1111 1111 1111 on file", "Card [CARD_NUMBER] on file")]
    [InlineData("Order 4111 1111 1111 1112 shipped", "Order 4111 1111 1111 1112 shipped")]
    [InlineData("SSN 123-45-6789.", "SSN [NATIONAL_ID].")]
    [InlineData("Not an SSN: 000-12-3456", "Not an SSN: 000-12-3456")]
    [InlineData("Call +1 415 555 2671 now", "Call [PHONE] now")]
    [InlineData("Call (415) 555-2671 now", "Call [PHONE] now")]
    [InlineData("Call 415-555-2671 now", "Call [PHONE] now")]
    [InlineData("Seasons 2019-2020 and 3.14", "Seasons 2019-2020 and 3.14")]
    public void Scrub_ReplacesPersonalDataOnly(string input, string expected) =>
        Assert.Equal(expected, PiiScrubber.Scrub(input, out _));
}
