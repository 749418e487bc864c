using System.Net;
using System.Text.RegularExpressions;

namespace Sharpen.Server.Tests.Dashboard;

/// <summary>The dashboard's static files: served by the API process without a key, every module they import present.</summary>
[Collection(ServerCollection.Name)]
public sealed partial class DashboardApiTests(ServerFixture server)
{
    [Theory]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/index.html")]
    public async Task GetDashboard_WithoutAKey_ServesThePageWithAStrictContentSecurityPolicy(string path)
    {
        using var http = server.Http("");

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"login-form\"", html, StringComparison.Ordinal);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        // Everything the page loads comes from this server: no CDN, no other origin.
        Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", html);
    }

    [Fact]
    public async Task DashboardScripts_EveryImportedModuleIsServedAsJavaScript()
    {
        using var http = server.Http("");
        var pending = new Queue<string>(["/dashboard/dashboard.js"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path))
            {
                continue;
            }

            using var response = await http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
            var script = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"https?://(?!www\.w3\.org/2000/svg)", script);
            foreach (Match import in ImportPattern().Matches(script))
            {
                pending.Enqueue("/dashboard/" + import.Groups[1].Value);
            }
        }

        Assert.Contains("/dashboard/chart.js", seen);
        Assert.Contains("/dashboard/api.js", seen);
        using var css = await http.GetAsync("/dashboard/dashboard.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GetDashboardFile_UnknownName_Answers404AndTheApiStillNeedsAKey()
    {
        using var http = server.Http("");

        await ErrorAssert.IsErrorAsync(await http.GetAsync("/dashboard/secrets.json"), HttpStatusCode.NotFound);
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/dashboard/../v1/files"), HttpStatusCode.Unauthorized);
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/dashboardx"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GetDashboardFile_WithItsETag_Answers304()
    {
        using var http = server.Http("");
        using var first = await http.GetAsync("/dashboard/dashboard.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/dashboard.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [GeneratedRegex(@"from '\./([\w.-]+\.js)'")]
    private static partial Regex ImportPattern();
}
