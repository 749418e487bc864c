using System.Net;
using System.Text;
using System.Text.Json;

namespace Sharpen.Server.Tests.Files;

/// <summary>Sharpen's extension <c>GET /v1/files/{id}/report</c>: the data step's report on a fine-tune upload.</summary>
[Collection(ServerCollection.Name)]
public sealed class FileReportTests(ServerFixture server)
{
    [Fact]
    public async Task GetFileReport_FineTuneUpload_ReportsTheCountsTheUploadWasBuiltWith()
    {
        // 12 Banking77 examples (system, user, assistant) and line 13 a copy of line 2: the counts below follow from
        // how the file is built, not from the server.
        var lines = Encoding.UTF8.GetString(ServerFixture.Banking77ChatJsonl(12)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Add(lines[1]);
        using var http = server.Http();
        var id = await UploadAsync(http, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), "banking-dup.jsonl", "fine-tune");

        using var answer = JsonDocument.Parse(await http.GetStringAsync($"/v1/files/{id}/report"));

        var root = answer.RootElement;
        Assert.Equal("file.report", root.GetProperty("object").GetString());
        Assert.Equal(id, root.GetProperty("file_id").GetString());
        Assert.Equal("banking-dup.jsonl", root.GetProperty("filename").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("model").ValueKind);
        var report = root.GetProperty("report");
        Assert.Equal("banking-dup.jsonl", report.GetProperty("file").GetString());
        Assert.Equal("Chat", report.GetProperty("example_format").GetString());
        Assert.Equal(13, report.GetProperty("records").GetInt64());
        Assert.Equal(13, report.GetProperty("valid_examples").GetInt32());
        Assert.Equal(1, report.GetProperty("flagged_by_rule").GetProperty("exact_duplicate").GetInt32());
        var duplicate = report.GetProperty("flagged_examples").EnumerateArray().Single(d => d.GetProperty("rule").GetString() == "exact_duplicate");
        Assert.Equal(13, duplicate.GetProperty("line").GetInt64());
        Assert.Equal(2, duplicate.GetProperty("duplicate_of_line").GetInt64());
        var statistics = report.GetProperty("statistics");
        Assert.Equal(report.GetProperty("kept_examples").GetInt32(), statistics.GetProperty("examples").GetInt32());
        Assert.Equal(3, statistics.GetProperty("min_messages").GetInt32());
        Assert.Equal(3, statistics.GetProperty("max_messages").GetInt32());
        Assert.False(statistics.TryGetProperty("total_tokens", out _), "no model was named, so there is no tokenizer to count with");
        // The report was made from a scratch file; only the client's name may appear in it.
        Assert.DoesNotContain(Path.GetTempPath(), answer.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(".incoming", answer.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFileReport_WithModel_AddsTokenStatisticsAgainstTheModelsContext()
    {
        using var http = server.Http();
        var id = await UploadAsync(http, ServerFixture.Banking77ChatJsonl(20), "banking20.jsonl", "fine-tune");
        // The context length the figures must be checked against, read from the model's own config.json.
        using var config = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ServerFixture.ModelDirectory, "config.json")));
        var context = config.RootElement.GetProperty("max_position_embeddings").GetInt32();

        using var answer = JsonDocument.Parse(await http.GetStringAsync($"/v1/files/{id}/report?model={ServerFixture.Model}"));

        Assert.Equal(ServerFixture.Model, answer.RootElement.GetProperty("model").GetString());
        var statistics = answer.RootElement.GetProperty("report").GetProperty("statistics");
        Assert.Equal(20, statistics.GetProperty("examples").GetInt32());
        Assert.Equal(context, statistics.GetProperty("context_length").GetInt32());
        Assert.Equal(0, statistics.GetProperty("over_context").GetInt32());
        var min = statistics.GetProperty("min_tokens").GetInt32();
        var median = statistics.GetProperty("median_tokens").GetInt32();
        var max = statistics.GetProperty("max_tokens").GetInt32();
        Assert.True(0 < min && min <= median && median <= max, $"min {min}, median {median}, max {max}");
        var total = statistics.GetProperty("total_tokens").GetInt64();
        Assert.InRange(total, 20L * min, 20L * max);
        Assert.Equal("banking20.jsonl", answer.RootElement.GetProperty("report").GetProperty("file").GetString());
    }

    [Fact]
    public async Task GetFileReport_FileWithoutReportUnknownModelOrOtherProject_Answer404()
    {
        using var http = server.Http();
        using var intruder = server.Http(server.OtherProjectKey);
        var plain = await UploadAsync(http, "not checked"u8.ToArray(), "notes.txt", "user_data");
        var checkedFile = await UploadAsync(http, ServerFixture.Banking77ChatJsonl(10), "b10.jsonl", "fine-tune");

        await ErrorAssert.IsErrorAsync(await http.GetAsync($"/v1/files/{plain}/report"), HttpStatusCode.NotFound, "id", "report_not_found");
        await ErrorAssert.IsErrorAsync(await http.GetAsync($"/v1/files/{checkedFile}/report?model=no-such-model"), HttpStatusCode.NotFound, "model", "model_not_found");
        await ErrorAssert.IsErrorAsync(await intruder.GetAsync($"/v1/files/{checkedFile}/report"), HttpStatusCode.NotFound, "id");
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/files/file-doesnotexist/report"), HttpStatusCode.NotFound, "id");
        using var anonymous = server.Http("");
        await ErrorAssert.IsErrorAsync(await anonymous.GetAsync($"/v1/files/{checkedFile}/report"), HttpStatusCode.Unauthorized);
    }

    internal static async Task<string> UploadAsync(HttpClient http, byte[] content, string name, string purpose)
    {
        using var form = FilesApiTests.Upload(content, name, purpose);
        using var response = await http.PostAsync("/v1/files", form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("id").GetString()!;
    }
}
