using System.Net;
using System.Text.Json;

namespace Sharpen.Server.Tests;

/// <summary>Checks an answer is an OpenAI-shaped error: status, the envelope's four keys, and the expected param/code.</summary>
internal static class ErrorAssert
{
    public static async Task<JsonElement> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? param = null, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        var error = document.RootElement.GetProperty("error").Clone();
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out var actualParam), text);
        Assert.True(error.TryGetProperty("code", out var actualCode), text);
        if (param is not null)
        {
            Assert.Equal(param, actualParam.GetString());
        }

        if (code is not null)
        {
            Assert.Equal(code, actualCode.GetString());
        }

        if ((int)status is >= 400 and < 500)
        {
            Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        }

        return error;
    }
}
