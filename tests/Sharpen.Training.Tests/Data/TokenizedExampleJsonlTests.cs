using Sharpen.Core.Training;
using Sharpen.TestKit;

namespace Sharpen.Training.Tests.Data;

public sealed class TokenizedExampleJsonlTests
{
    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        using var temp = new TempDirectory();
        var examples = new[] { new TokenizedExample([1, 5, 9], [false, true, true]), new TokenizedExample([7], [true]) };

        TokenizedExampleJsonl.Write(temp.File("d.jsonl"), examples);
        var back = TokenizedExampleJsonl.Read(temp.File("d.jsonl"));

        Assert.Equal("{\"input_ids\":[1,5,9],\"loss_mask\":[0,1,1]}", File.ReadAllLines(temp.File("d.jsonl"))[0]);
        Assert.Equal(examples.Select(e => (e.InputIds, e.LossMask)), back.Select(e => (e.InputIds, e.LossMask)));
    }

    [Theory]
    [InlineData("{\"input_ids\":[1,2],\"loss_mask\":[1]}", "loss_mask has 1 entries but input_ids has 2")]
    [InlineData("{\"input_ids\":[1,-2],\"loss_mask\":[1,1]}", "input_ids[1] is -2")]
    [InlineData("{\"input_ids\":[1,2]}", "missing the array 'loss_mask'")]
    [InlineData("{\"input_ids\":[1,2],\"loss_mask\":[1,2]}", "loss_mask[1] is 2")]
    [InlineData("[1,2]", "expected an object")]
    [InlineData("{oops", "not valid JSON")]
    public void Read_BadLine_NamesFileLineAndProblem(string line, string problem)
    {
        using var temp = new TempDirectory();
        var path = temp.File("bad.jsonl");
        File.WriteAllText(path, "{\"input_ids\":[1],\"loss_mask\":[0]}\n\n" + line + "\n");

        var error = Assert.Throws<InvalidDataException>(() => TokenizedExampleJsonl.Read(path));

        Assert.StartsWith($"{path}:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
