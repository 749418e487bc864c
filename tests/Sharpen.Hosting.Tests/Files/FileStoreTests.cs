using System.Security.Cryptography;
using System.Text;
using Sharpen.Hosting.Files;
using Sharpen.Hosting.Storage;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Files;

public sealed class FileStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FileStore _store;

    public FileStoreTests()
    {
        _store = new FileStore(SharpenDatabase.Open(_dir.Path), _dir.Path, maxUploadBytes: 4096);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Commit_ValidChatFile_StoresBytesUnderTheIdWithTheirHash()
    {
        var content = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""" + "\n");
        using var incoming = await _store.ReceiveAsync(new MemoryStream(content));

        var file = _store.Commit(incoming, "p", "train.jsonl", FilePurposes.FineTune);

        Assert.Equal(content.Length, file.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.Sha256);
        Assert.Equal(content, File.ReadAllBytes(Path.Combine(_dir.Path, "files", file.Id)));
        Assert.Equal(file, _store.Get("p", file.Id));
        Assert.Null(_store.Get("someone-else", file.Id));
    }

    [Fact]
    public async Task Commit_InvalidFineTuneFile_ThrowsWithLinesUnderTheClientNameAndLeavesNoTrace()
    {
        var content = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}\n[1]\n"u8.ToArray();
        var incoming = await _store.ReceiveAsync(new MemoryStream(content));

        var ex = Assert.Throws<FileValidationException>(() => _store.Commit(incoming, "p", "mine.jsonl", FilePurposes.FineTune));
        incoming.Dispose();

        Assert.Contains(ex.Problems, p => p.StartsWith("mine.jsonl:1: example_missing_assistant_message", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("mine.jsonl:2: data_type", StringComparison.Ordinal));
        Assert.Empty(_store.List("p", new FileListQuery()).Files);
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "files"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Commit_FewerThanTenExamples_IsAcceptedBecauseThatIsTheJobsCheck()
    {
        var content = """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""" + "\n";
        using var incoming = await _store.ReceiveAsync(new MemoryStream(Encoding.UTF8.GetBytes(content)));

        var file = _store.Commit(incoming, "p", "validation.jsonl", FilePurposes.FineTune);

        Assert.Equal("processed", file.Status);
    }

    [Fact]
    public async Task ReceiveAsync_OverTheLimit_ThrowsAndDeletesThePartialFile()
    {
        await Assert.ThrowsAsync<FileTooLargeException>(() => _store.ReceiveAsync(new MemoryStream(new byte[4097])));

        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.Path, "files", ".incoming")));
    }

    [Fact]
    public async Task List_PagesWithAfterInBothOrders()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var incoming = await _store.ReceiveAsync(new MemoryStream([(byte)i]));
            ids.Add(_store.Commit(incoming, "p", $"f{i}", "user_data").Id);
        }

        var first = _store.List("p", new FileListQuery { Limit = 2 });
        var second = _store.List("p", new FileListQuery { Limit = 2, After = first.Files[^1].Id });
        var last = _store.List("p", new FileListQuery { Limit = 2, After = second.Files[^1].Id });
        var ascending = _store.List("p", new FileListQuery { Limit = 10, Ascending = true });

        Assert.Equal(ids.AsEnumerable().Reverse(), first.Files.Concat(second.Files).Concat(last.Files).Select(f => f.Id));
        Assert.True(first.HasMore);
        Assert.True(second.HasMore);
        Assert.False(last.HasMore);
        Assert.Equal(ids, ascending.Files.Select(f => f.Id));
        Assert.Empty(_store.List("p", new FileListQuery { After = "file-unknown" }).Files);
        Assert.Empty(_store.List("p", new FileListQuery { Purpose = FilePurposes.FineTune }).Files);
    }

    [Fact]
    public async Task Delete_RemovesRecordAndBytes()
    {
        using var incoming = await _store.ReceiveAsync(new MemoryStream([1, 2, 3]));
        var file = _store.Commit(incoming, "p", "x", "user_data");

        Assert.False(_store.Delete("q", file.Id));
        Assert.True(_store.Delete("p", file.Id));

        Assert.Null(_store.Get("p", file.Id));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "files", file.Id)));
        Assert.False(_store.Delete("p", file.Id));
    }
}
