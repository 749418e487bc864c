using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenAI.Files;

namespace Sharpen.Server.Tests.Files;

[Collection(ServerCollection.Name)]
public sealed class FilesApiTests(ServerFixture server)
{
    [Fact]
    public async Task UploadFile_Banking77ChatJsonlWithOfficialSdk_ListsRetrievesDownloadsAndDeletes()
    {
        var files = server.OpenAI().GetOpenAIFileClient();
        var content = ServerFixture.Banking77ChatJsonl(40);

        OpenAIFile uploaded = await files.UploadFileAsync(new MemoryStream(content), "banking77-train.jsonl", FileUploadPurpose.FineTune);

        Assert.StartsWith("file-", uploaded.Id, StringComparison.Ordinal);
        Assert.Equal("banking77-train.jsonl", uploaded.Filename);
        Assert.Equal(content.Length, uploaded.SizeInBytesLong);
        Assert.Equal(FilePurpose.FineTune, uploaded.Purpose);
        // The .NET SDK marks Status obsolete, but the Python SDK's wait_for_processing polls it: check it raw.
        using (var http = server.Http())
        using (var raw = JsonDocument.Parse(await http.GetStringAsync($"/v1/files/{uploaded.Id}")))
        {
            Assert.Equal("processed", raw.RootElement.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, raw.RootElement.GetProperty("status_details").ValueKind);
            Assert.Equal("file", raw.RootElement.GetProperty("object").GetString());
        }

        OpenAIFile retrieved = await files.GetFileAsync(uploaded.Id);
        Assert.Equal(uploaded.Id, retrieved.Id);
        Assert.Equal(uploaded.CreatedAt, retrieved.CreatedAt);

        OpenAIFileCollection listed = await files.GetFilesAsync(FilePurpose.FineTune);
        Assert.Contains(listed, f => f.Id == uploaded.Id);

        BinaryData downloaded = await files.DownloadFileAsync(uploaded.Id);
        Assert.Equal(content, downloaded.ToArray());

        FileDeletionResult deleted = await files.DeleteFileAsync(uploaded.Id);
        Assert.True(deleted.Deleted);
        Assert.Equal(uploaded.Id, deleted.FileId);
        var gone = await Assert.ThrowsAsync<ClientResultException>(() => files.GetFileAsync(uploaded.Id));
        Assert.Equal(404, gone.Status);
    }

    [Fact]
    public async Task UploadFile_InvalidFineTuneFile_Answers400WithTheProblemsAndKeepsNothing()
    {
        using var http = server.Http();
        var before = await ListIdsAsync(http);
        var lines = Encoding.UTF8.GetString(ServerFixture.Banking77ChatJsonl(12)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        lines[3] = """{"messages":[{"role":"user","content":"hello"},{"role":"wizard","content":"hi"}]}""";
        lines[7] = "{not json";

        using var response = await http.PostAsync("/v1/files", Upload(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), "bad.jsonl", "fine-tune"));

        var error = await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "file");
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains("bad.jsonl:4", message, StringComparison.Ordinal);
        Assert.Contains("unrecognized_role", message, StringComparison.Ordinal);
        Assert.Contains("bad.jsonl:8", message, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetTempPath(), message, StringComparison.Ordinal);
        Assert.Equal(before, await ListIdsAsync(http));
        Assert.Empty(Directory.GetFiles(Path.Combine(server.Host.DataDirectory, "files", ".incoming")));
    }

    [Fact]
    public async Task UploadFile_LargerThanTheLimit_Answers413()
    {
        using var http = server.Http();
        var big = new byte[ServerFixture.MaxUploadBytes + 10_000];
        Array.Fill(big, (byte)'x');

        using var response = await http.PostAsync("/v1/files", Upload(big, "big.jsonl", "user_data"));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "file", "file_too_large");
    }

    [Theory]
    [InlineData(true, false, "purpose")]
    [InlineData(false, true, "file")]
    public async Task UploadFile_MissingField_Answers400NamingIt(bool withFile, bool withPurpose, string missing)
    {
        using var http = server.Http();
        using var form = new MultipartFormDataContent();
        if (withFile)
        {
            form.Add(new ByteArrayContent("{}\n"u8.ToArray()), "file", "x.jsonl");
        }

        if (withPurpose)
        {
            form.Add(new StringContent("fine-tune"), "purpose");
        }

        using var response = await http.PostAsync("/v1/files", form);

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, missing, "missing_required_parameter");
    }

    [Fact]
    public async Task UploadFile_UnknownPurpose_Answers400()
    {
        using var http = server.Http();
        using var response = await http.PostAsync("/v1/files", Upload("hello"u8.ToArray(), "x.txt", "homework"));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "purpose", "invalid_value");
    }

    [Fact]
    public async Task UploadFile_NotMultipart_Answers400()
    {
        using var http = server.Http();
        using var response = await http.PostAsync("/v1/files", ServerFixture.Json("{}"));

        await ErrorAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "file");
    }

    [Fact]
    public async Task FileEndpoints_AnotherProjectsFile_Answer404AndListNothing()
    {
        using var owner = server.Http();
        using var intruder = server.Http(server.OtherProjectKey);
        var id = await UploadAsync(owner, "mine.txt");

        await ErrorAssert.IsErrorAsync(await intruder.GetAsync($"/v1/files/{id}"), HttpStatusCode.NotFound, "id");
        await ErrorAssert.IsErrorAsync(await intruder.GetAsync($"/v1/files/{id}/content"), HttpStatusCode.NotFound, "id");
        await ErrorAssert.IsErrorAsync(await intruder.DeleteAsync($"/v1/files/{id}"), HttpStatusCode.NotFound, "id");
        Assert.DoesNotContain(id, await ListIdsAsync(intruder));
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/v1/files/{id}")).StatusCode);
    }

    [Fact]
    public async Task GetFile_UnknownId_Answers404()
    {
        using var http = server.Http();
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/files/file-doesnotexist"), HttpStatusCode.NotFound, "id");
        await ErrorAssert.IsErrorAsync(await http.DeleteAsync("/v1/files/file-doesnotexist"), HttpStatusCode.NotFound, "id");
    }

    [Fact]
    public async Task ListFiles_WithLimitAndAfter_PagesThroughEveryFileOnce()
    {
        // A project of its own, so files uploaded by other tests do not interleave.
        var key = server.Host.ApiKeys.Create("paging", "paging-project").Secret;
        using var http = server.Http(key);
        var uploaded = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            uploaded.Add(await UploadAsync(http, $"page-{i}.txt"));
        }

        var seen = new List<string>();
        string? after = null;
        bool hasMore;
        do
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync("/v1/files?limit=2&order=asc" + (after is null ? string.Empty : "&after=" + after)));
            var data = page.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
            Assert.InRange(data.Count, 1, 2);
            Assert.Equal(data[^1], page.RootElement.GetProperty("last_id").GetString());
            seen.AddRange(data);
            after = data[^1];
            hasMore = page.RootElement.GetProperty("has_more").GetBoolean();
        }
        while (hasMore);

        Assert.Equal(uploaded, seen);
        using var newest = JsonDocument.Parse(await http.GetStringAsync("/v1/files?limit=1"));
        Assert.Equal(uploaded[^1], newest.RootElement.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("order=sideways", "order")]
    public async Task ListFiles_BadQuery_Answers400NamingTheParameter(string query, string param)
    {
        using var http = server.Http();
        await ErrorAssert.IsErrorAsync(await http.GetAsync("/v1/files?" + query), HttpStatusCode.BadRequest, param);
    }

    [Fact]
    public async Task GetFileContent_ReturnsTheExactBytes()
    {
        using var http = server.Http();
        var bytes = new byte[3000];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        using var upload = await http.PostAsync("/v1/files", Upload(bytes, "../../etc/passwd", "user_data"));
        using var body = JsonDocument.Parse(await upload.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        // The client's name is kept as metadata only, reduced to its last segment; it never reaches the disk.
        Assert.Equal("passwd", body.RootElement.GetProperty("filename").GetString());
        var id = body.RootElement.GetProperty("id").GetString()!;

        Assert.Equal(bytes, await http.GetByteArrayAsync($"/v1/files/{id}/content"));
        Assert.True(File.Exists(Path.Combine(server.Host.DataDirectory, "files", id)));
    }

    internal static MultipartFormDataContent Upload(byte[] content, string fileName, string purpose)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(new StringContent(purpose), "purpose");
        form.Add(file, "file", fileName);
        return form;
    }

    private static async Task<string> UploadAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsync("/v1/files", Upload(Encoding.UTF8.GetBytes("content of " + name), name, "user_data"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ListIdsAsync(HttpClient http)
    {
        using var list = JsonDocument.Parse(await http.GetStringAsync("/v1/files"));
        return [.. list.RootElement.GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
    }
}
