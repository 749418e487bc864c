using Sharpen.Data.Reading;
using Sharpen.Data.Validation;
using Sharpen.TestKit;

namespace Sharpen.Data.Tests.Reading;

public sealed class DelimitedReaderTests
{
    [Fact]
    public void Read_Rfc4180QuotedFields_KeepsCommasQuotesNewlinesAndStartLines()
    {
        // Expected values written by hand from RFC 4180 section 2 rules 5–7.
        using var dir = new TempDirectory();
        var path = dir.File("q.csv");
        File.WriteAllText(path, "text,label\r\n\"a, b\",x\r\n\"say \"\"hi\"\"\",y\r\n\"two\nlines\",z\r\nplain,w\r\n");
        var issues = new IssueCollector(100);

        var rows = DelimitedReader.Read(File.OpenRead(path), path, (byte)',', 1 << 20, issues)
            .Select(r => (r.Line, Text: r.Value.GetProperty("text").GetString(), Label: r.Value.GetProperty("label").GetString()))
            .ToList();

        Assert.Equal(0, issues.Total);
        Assert.Equal([(2L, "a, b", "x"), (3L, "say \"hi\"", "y"), (4L, "two\nlines", "z"), (6L, "plain", "w")], rows);
    }

    [Fact]
    public void Read_Banking77Train_HasTheRowCountPythonsCsvModuleReports()
    {
        // 10,003 rows: python3 -c "import csv; print(len(list(csv.reader(open('train.csv'))))-1)" (the file has 10,017
        // physical lines because some quoted texts span lines).
        var path = SharedData.Path("data", "banking77", "train.csv");
        var issues = new IssueCollector(100);

        var count = DelimitedReader.Read(File.OpenRead(path), path, (byte)',', 1 << 20, issues).Count();

        Assert.Equal(0, issues.Total);
        Assert.Equal(10_003, count);
    }

    [Fact]
    public void Read_Tsv_SplitsOnTabs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.tsv");
        File.WriteAllText(path, "prompt\tcompletion\nhello, world\thi\n");
        var issues = new IssueCollector(10);

        var row = Assert.Single(DelimitedReader.Read(File.OpenRead(path), path, (byte)'\t', 1 << 20, issues).Select(r => r.Value.Clone()));

        Assert.Equal("hello, world", row.GetProperty("prompt").GetString());
    }
}
