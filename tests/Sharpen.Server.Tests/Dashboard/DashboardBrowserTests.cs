using System.Globalization;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Sharpen.Server.Tests.Files;
using Sharpen.Server.Tests.FineTuning;
using static Microsoft.Playwright.Assertions;

namespace Sharpen.Server.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, headless) against the real server: sign in with a key, upload
/// a file and read its dataset report, start a fine-tuning job on stories260K with Banking77 and watch its loss curve
/// grow while it runs, then read its results; cancel a job from its page. Expected values come from the public API,
/// asked directly over HTTP, never from the page itself. Set SHARPEN_DASHBOARD_SCREENSHOTS to a folder to keep
/// screenshots of each step.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardBrowserTests(ServerFixture server, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly CultureInfo s_pageCulture = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public async Task Dashboard_SignInUploadAndOpenTheReport_ShowsTheDataStepsFigures()
    {
        await using var session = await OpenAsync();
        var page = session.Page;

        // A wrong key is refused with the server's message, and nothing else is shown.
        await page.GetByTestId("api-key").FillAsync("sk-wrong");
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("Incorrect API key");
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await SignInAsync(page);

        // 12 Banking77 examples and a copy of the second: the report must count 13 records and one exact duplicate.
        var lines = Encoding.UTF8.GetString(ServerFixture.Banking77ChatJsonl(12)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Add(lines[1]);
        var name = $"dash-{Guid.NewGuid():N}.jsonl";
        await page.GetByTestId("nav-files").ClickAsync();
        await page.GetByTestId("upload-file").SetInputFilesAsync(new FilePayload
        {
            Name = name, MimeType = "application/jsonl", Buffer = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"),
        });
        await page.GetByTestId("upload-purpose").SelectOptionAsync("fine-tune");
        await page.GetByTestId("upload-submit").ClickAsync();
        await Expect(page.GetByTestId("upload-done")).ToContainTextAsync(name);
        var id = await FileIdAsync(name);
        await session.ShotAsync("files");

        await page.Locator($"[data-testid=file-row][data-file-id='{id}'] [data-testid=file-report-link]").ClickAsync();
        await Expect(SummaryValue(page, "Records read")).ToHaveTextAsync("13");
        await Expect(SummaryValue(page, "Valid examples")).ToHaveTextAsync("13");
        await Expect(page.Locator("#report-flagged tr", new() { HasText = "exact_duplicate" }).Locator("td").Nth(1)).ToHaveTextAsync("1");

        // Token figures with the model's tokenizer: the page must show what the API computes.
        await page.GetByTestId("report-model").SelectOptionAsync(ServerFixture.Model);
        using var http = server.Http();
        using var report = JsonDocument.Parse(await http.GetStringAsync($"/v1/files/{id}/report?model={ServerFixture.Model}"));
        var total = report.RootElement.GetProperty("report").GetProperty("statistics").GetProperty("total_tokens").GetInt64();
        await Expect(SummaryValue(page, "Total tokens (one epoch)")).ToHaveTextAsync(total.ToString("N0", s_pageCulture));
        await session.ShotAsync("report");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task Dashboard_EveryPage_PassesTheAxeAccessibilityRules()
    {
        using var http = server.Http();
        var file = await FileReportTests.UploadAsync(http, ServerFixture.Banking77ChatJsonl(12), $"axe-{Guid.NewGuid():N}.jsonl", "fine-tune");
        await using var session = await OpenAsync();
        var page = session.Page;
        var violations = new List<string>();

        async Task CheckAsync(string name) => violations.AddRange(await AxeViolationsAsync(page, name));

        await CheckAsync("sign-in");
        await SignInAsync(page);
        await page.GetByTestId("nav-files").ClickAsync();
        await Expect(page.GetByTestId("files-table")).ToBeVisibleAsync();
        await CheckAsync("files");
        await page.GotoAsync($"{server.BaseAddress}dashboard#/files/{file}");
        await Expect(page.GetByTestId("report-summary")).ToBeVisibleAsync();
        await CheckAsync("file report");
        await page.GetByTestId("nav-new").ClickAsync();
        await Expect(page.GetByTestId("new-job-form")).ToBeVisibleAsync();
        await CheckAsync("start a job");
        await page.GetByTestId("nav-jobs").ClickAsync();
        await Expect(page.Locator("#jobs-table, [data-testid=no-jobs]").First).ToBeVisibleAsync();
        await CheckAsync("jobs");

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }

    [Fact]
    public async Task Dashboard_StartAJobFromThePage_LossCurveGrowsWhileRunningAndResultsAppear()
    {
        using var http = server.Http();
        // The Banking77 sample prepared by the data step, as the jobs' own tests use it.
        var training = await JobTestData.UploadAsync(server, JobTestData.Train, "dashboard-train.jsonl");
        var validation = await JobTestData.UploadAsync(server, JobTestData.Validation, "dashboard-validation.jsonl");
        await using var session = await OpenAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GetByTestId("nav-new").ClickAsync();
        await page.GetByTestId("job-model").SelectOptionAsync(ServerFixture.Model);
        await page.GetByTestId("job-training-file").SelectOptionAsync(training);
        await page.GetByTestId("job-validation-file").SelectOptionAsync(validation);
        await page.GetByTestId("job-epochs").FillAsync("3");
        await page.GetByTestId("job-batch-size").FillAsync("8");
        await page.GetByTestId("job-seed").FillAsync("7");
        await page.GetByTestId("job-suffix").FillAsync("dash");
        await page.GetByTestId("job-submit").ClickAsync();
        // A hash route changes the URL without loading a page, so wait on the URL itself.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/jobs/ftjob-"));
        var jobId = await page.GetByTestId("job-id").InnerTextAsync();

        // The curve must grow while the job runs: one reading taken while the page still shows it running and the
        // stream live, and a later reading with more points.
        var curve = page.GetByTestId("train-curve");
        var deadline = DateTime.UtcNow.AddMinutes(5);
        int? whileRunning = null;
        int grown = 0;
        while (DateTime.UtcNow < deadline)
        {
            var count = await PointCountAsync(curve);
            var status = await page.GetByTestId("job-status").InnerTextAsync();
            var stream = await page.GetByTestId("stream-state").InnerTextAsync();
            if (whileRunning is null && count > 0 && status == "running" && stream == "live")
            {
                whileRunning = count;
                await session.ShotAsync("running");
            }
            else if (whileRunning is not null && count > whileRunning)
            {
                grown = count;
                break;
            }

            if (status is "succeeded" or "failed" or "cancelled")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(whileRunning is not null, "the page never showed a running job with plotted points");
        Assert.True(grown > whileRunning, $"the curve did not grow after {whileRunning} points while the job ran");

        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("succeeded", new() { Timeout = 300_000 });
        await Expect(page.GetByTestId("stream-state")).ToHaveTextAsync("ended");

        // Every training-loss point the API recorded is on the curve, no more.
        var metrics = await MetricsEventsAsync(http, jobId);
        await Expect(curve).ToHaveAttributeAsync("data-point-count", metrics.Count(m => m.TryGetProperty("train_loss", out var l) && l.ValueKind == JsonValueKind.Number).ToString(CultureInfo.InvariantCulture));

        // The results CSV as a table with as many rows as the file has.
        using var job = JsonDocument.Parse(await http.GetStringAsync($"/v1/fine_tuning/jobs/{jobId}"));
        var resultFiles = job.RootElement.GetProperty("result_files").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.NotEmpty(resultFiles);
        var names = new Dictionary<string, string>();
        foreach (var file in resultFiles)
        {
            using var meta = JsonDocument.Parse(await http.GetStringAsync($"/v1/files/{file}"));
            names[file] = meta.RootElement.GetProperty("filename").GetString()!;
        }

        var csv = names.Single(p => p.Value.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).Key;
        var csvLines = (await http.GetStringAsync($"/v1/files/{csv}/content")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await Expect(page.GetByTestId("results-csv")).ToHaveAttributeAsync("data-row-count", (csvLines.Length - 1).ToString(CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("results-csv").Locator("th").First).ToHaveTextAsync(csvLines[0].Split(',')[0]);
        // The job had a validation file, so the runner evaluated the model (sharpen eval) and kept the report: the page
        // shows report.html, byte for byte, in a frame sandboxed without scripts, and summary.json beside it.
        var html = Assert.Single(names, p => p.Value == "report.html").Key;
        var content = await http.GetStringAsync($"/v1/files/{html}/content");
        await Expect(page.GetByTestId("report-frame")).ToHaveAttributeAsync("srcdoc", content);
        await Expect(page.GetByTestId("report-frame")).ToHaveAttributeAsync("sandbox", string.Empty);
        Assert.Contains("deploy", content, StringComparison.Ordinal);
        Assert.Contains(names.Values, n => n == "summary.json");

        await Expect(page.GetByTestId("checkpoint-row").First).ToBeVisibleAsync();
        await session.ShotAsync("finished");
        var violations = await AxeViolationsAsync(page, "job");
        Assert.True(!violations.Any(), string.Join('\n', violations));

        // The jobs list shows it with the status the API reports.
        await page.GetByTestId("nav-jobs").ClickAsync();
        await Expect(page.Locator($"[data-testid=job-row][data-job-id='{jobId}'] [data-testid=job-row-status]")).ToHaveTextAsync("succeeded");
        session.AssertNoPageErrors();
    }

    [Fact]
    public async Task Dashboard_CancelFromTheJobPage_CancelsTheJob()
    {
        using var http = server.Http();
        var training = await JobTestData.UploadAsync(server, JobTestData.Train, "dashboard-cancel.jsonl");
        using var created = await http.PostAsync("/v1/fine_tuning/jobs", ServerFixture.Json(
            $$$"""{"model":"{{{ServerFixture.Model}}}","training_file":"{{{training}}}","hyperparameters":{"n_epochs":50,"batch_size":1}}"""));
        var createdText = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, createdText);
        var jobId = JsonDocument.Parse(createdText).RootElement.GetProperty("id").GetString()!;
        await using var session = await OpenAsync();
        var page = session.Page;
        await SignInAsync(page);

        await page.GotoAsync($"{server.BaseAddress}dashboard#/jobs/{jobId}");
        await page.GetByTestId("cancel-job").ClickAsync();

        await Expect(page.GetByTestId("job-status")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("cancel-job")).ToHaveCountAsync(0);
        using var job = JsonDocument.Parse(await http.GetStringAsync($"/v1/fine_tuning/jobs/{jobId}"));
        Assert.Equal("cancelled", job.RootElement.GetProperty("status").GetString());
        session.AssertNoPageErrors();
    }

    // axe-core (Deque's engine, bundled in its NuGet package) judges the page as rendered, with its WCAG rules.
    private static async Task<IEnumerable<string>> AxeViolationsAsync(IPage page, string name)
    {
        // Not inside frames: the evaluation report's frame is sandboxed without scripts (by design), so axe could never
        // run there and would wait on it for ever. The report's own markup is checked by the evaluation tests.
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions { Iframes = false });
        return result.Violations.Select(v => $"{name}: {v.Id} ({v.Impact}) {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
    }

    private static ILocator SummaryValue(IPage page, string item) =>
        page.Locator($"#report-summary tr[data-item='{item}'] td").Nth(1);

    private static async Task<int> PointCountAsync(ILocator curve) =>
        await curve.CountAsync() == 0 ? 0 : int.Parse(await curve.GetAttributeAsync("data-point-count") ?? "0", CultureInfo.InvariantCulture);

    private async Task<string> FileIdAsync(string name)
    {
        using var http = server.Http();
        using var list = JsonDocument.Parse(await http.GetStringAsync("/v1/files"));
        return list.RootElement.GetProperty("data").EnumerateArray().Single(f => f.GetProperty("filename").GetString() == name).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> MetricsEventsAsync(HttpClient http, string jobId)
    {
        var metrics = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"/v1/fine_tuning/jobs/{jobId}/events?limit=100" + (after is null ? string.Empty : "&after=" + after)));
            var data = page.RootElement.GetProperty("data").EnumerateArray().ToList();
            metrics.AddRange(data.Where(e => e.GetProperty("type").GetString() == "metrics").Select(e => e.GetProperty("data").Clone()));
            if (!page.RootElement.GetProperty("has_more").GetBoolean() || data.Count == 0)
            {
                return metrics;
            }

            after = data[^1].GetProperty("id").GetString();
        }
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GetByTestId("api-key").FillAsync(server.Key);
        await page.GetByTestId("login-submit").ClickAsync();
        await Expect(page.Locator("#nav")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("login-error")).ToBeEmptyAsync();
    }

    private async Task<BrowserSession> OpenAsync()
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new() { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page);
        await page.GotoAsync(server.BaseAddress + "dashboard");
        await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        return session;
    }

    /// <summary>A fresh browser context (its own session storage) with the page's script errors collected.</summary>
    private sealed class BrowserSession : IAsyncDisposable
    {
        private readonly List<string> _errors = [];
        private readonly string? _shots = Environment.GetEnvironmentVariable("SHARPEN_DASHBOARD_SCREENSHOTS");

        public BrowserSession(IBrowserContext context, IPage page)
        {
            Context = context;
            Page = page;
            page.PageError += (_, error) => _errors.Add(error);
            page.Console += (_, message) =>
            {
                // A refused key is logged by the browser as a failed fetch, and a report's script as blocked by the
                // frame's sandbox: both are what the test wants to happen.
                if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal)
                    && !message.Text.StartsWith("Blocked script execution in 'about:srcdoc'", StringComparison.Ordinal))
                {
                    _errors.Add($"{message.Text} ({message.Location})");
                }
            };
        }

        public IBrowserContext Context { get; }

        public IPage Page { get; }

        public void AssertNoPageErrors() => Assert.True(_errors.Count == 0, "page errors: " + string.Join("; ", _errors));

        public async Task ShotAsync(string name)
        {
            if (!string.IsNullOrEmpty(_shots))
            {
                Directory.CreateDirectory(_shots);
                await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_shots, name + ".png"), FullPage = true });
            }
        }

        public async ValueTask DisposeAsync() => await Context.CloseAsync();
    }
}
