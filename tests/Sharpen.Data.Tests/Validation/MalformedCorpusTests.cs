using System.IO.Compression;
using System.Text;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Validation;
using Sharpen.TestKit;

namespace Sharpen.Data.Tests.Validation;

/// <summary>
/// A corpus of malformed inputs, generated here: each must produce its expected code at its expected line (and
/// message index where it applies) without throwing. Expected codes follow the OpenAI cookbook checker's names
/// (docs/openai-api.md) and Sharpen's own codes.
/// </summary>
public sealed class MalformedCorpusTests
{
    private const string Good = """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""";

    public static TheoryData<string, string, string, long?, int?> Cases() => new()
    {
        // name, file content (\n-separated; line 1 is always the line under test unless said), code, line, message index
        { "not_object.jsonl", "[1,2]\n" + Good, IssueCodes.DataType, 1, null },
        { "string_line.jsonl", Good + "\n\"just text\"", IssueCodes.DataType, 2, null },
        { "no_messages.jsonl", Good + "\n{\"mesages\":[]}", IssueCodes.MissingMessagesList, 2, null },
        { "messages_not_array.jsonl", Good + "\n{\"messages\":\"hi\"}", IssueCodes.MissingMessagesList, 2, null },
        { "missing_role.jsonl", Good + "\n{\"messages\":[{\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.MessageMissingKey, 2, 0 },
        { "missing_content.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\"}]}", IssueCodes.MessageMissingKey, 2, 1 },
        { "unknown_key.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"mood\":\"ok\"},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.MessageUnrecognizedKey, 2, 0 },
        { "bad_role.jsonl", Good + "\n{\"messages\":[{\"role\":\"human\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.UnrecognizedRole, 2, 0 },
        { "role_number.jsonl", Good + "\n{\"messages\":[{\"role\":3,\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.UnrecognizedRole, 2, 0 },
        { "empty_content.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"  \"},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.MissingContent, 2, 0 },
        { "content_number.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":5},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.MissingContent, 2, 0 },
        { "null_content.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":null},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.MissingContent, 2, 0 },
        { "image_part.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]},{\"role\":\"assistant\",\"content\":\"x\"}]}", IssueCodes.UnsupportedContent, 2, 0 },
        { "no_assistant.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", IssueCodes.ExampleMissingAssistantMessage, 2, null },
        { "only_system.jsonl", Good + "\n{\"messages\":[{\"role\":\"system\",\"content\":\"be nice\"}]}", IssueCodes.ExampleMissingAssistantMessage, 2, null },
        { "two_users.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"assistant\",\"content\":\"c\"}]}", IssueCodes.RoleAlternation, 2, 1 },
        { "two_assistants.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},{\"role\":\"assistant\",\"content\":\"c\"}]}", IssueCodes.RoleAlternation, 2, 2 },
        { "assistant_first.jsonl", Good + "\n{\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"},{\"role\":\"assistant\",\"content\":\"c\"}]}", IssueCodes.RoleAlternation, 2, 0 },
        { "late_system.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"b\"},{\"role\":\"assistant\",\"content\":\"c\"}]}", IssueCodes.RoleAlternation, 2, 1 },
        { "tool_without_call.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"},{\"role\":\"tool\",\"content\":\"c\"}]}", IssueCodes.RoleAlternation, 2, 2 },
        { "weight_two.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\",\"weight\":2}]}", IssueCodes.InvalidWeight, 2, 1 },
        { "weight_half.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\",\"weight\":0.5}]}", IssueCodes.InvalidWeight, 2, 1 },
        { "weight_string.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\",\"weight\":\"1\"}]}", IssueCodes.InvalidWeight, 2, 1 },
        { "weight_on_user.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"weight\":1},{\"role\":\"assistant\",\"content\":\"b\"}]}", IssueCodes.InvalidWeight, 2, 0 },
        { "all_weight_zero.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\",\"weight\":0}]}", IssueCodes.NoTrainableMessage, 2, null },
        { "truncated_json.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\"", IssueCodes.InvalidJson, 2, null },
        { "trailing_comma.jsonl", Good + "\n{\"messages\":[],}", IssueCodes.InvalidJson, 2, null },
        { "single_quotes.jsonl", Good + "\n{'messages':[]}", IssueCodes.InvalidJson, 2, null },
        { "empty.jsonl", "", IssueCodes.EmptyFile, null, null },
        { "blank_lines.jsonl", "\n\n  \n", IssueCodes.EmptyFile, null, null },
        { "blank_then_bad.jsonl", Good + "\n\n\n{oops}", IssueCodes.InvalidJson, 4, null },
        { "empty_array.json", "[]", IssueCodes.EmptyFile, null, null },
        { "array_syntax.json", "[\n" + Good + ",\n{\"messages\": [}\n]", IssueCodes.InvalidJson, 3, null },
        { "array_item_not_object.json", "[\n" + Good + ",\n42\n]", IssueCodes.DataType, 3, null },
        { "object_not_array.json", "{\"data\": 1}", IssueCodes.UnknownFormat, 1, null },
        { "unknown_keys.jsonl", "{\"foo\":1}\n{\"bar\":2}", IssueCodes.UnknownFormat, 1, null },
        { "sharegpt_bad_from.jsonl", "{\"conversations\":[{\"from\":\"human\",\"value\":\"a\"},{\"from\":\"gpt\",\"value\":\"b\"}]}\n{\"conversations\":[{\"from\":\"robot\",\"value\":\"a\"}]}", IssueCodes.UnrecognizedRole, 2, 0 },
        { "sharegpt_no_value.jsonl", "{\"conversations\":[{\"from\":\"human\",\"value\":\"a\"},{\"from\":\"gpt\",\"value\":\"b\"}]}\n{\"conversations\":[{\"from\":\"human\"}]}", IssueCodes.MessageMissingKey, 2, 0 },
        { "alpaca_no_output.jsonl", "{\"instruction\":\"a\",\"input\":\"\",\"output\":\"b\"}\n{\"instruction\":\"a\",\"input\":\"\",\"outptu\":\"b\"}", IssueCodes.MissingField, 2, null },
        { "alpaca_output_number.jsonl", "{\"instruction\":\"a\",\"input\":\"\",\"output\":\"b\"}\n{\"instruction\":\"a\",\"output\":7}", IssueCodes.MissingContent, 2, null },
        { "prompt_no_completion.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\"}\n{\"prompt\":\"a\",\"completon\":\"b\"}", IssueCodes.MissingField, 2, null },
        { "preference_missing_output.jsonl", "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"c\"}]}\n{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}]}", IssueCodes.MissingField, 2, null },
        { "preference_user_output.jsonl", "{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]},\"preferred_output\":[{\"role\":\"assistant\",\"content\":\"b\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"c\"}]}\n{\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]},\"preferred_output\":[{\"role\":\"user\",\"content\":\"b\"}],\"non_preferred_output\":[{\"role\":\"assistant\",\"content\":\"c\"}]}", IssueCodes.ExampleMissingAssistantMessage, 2, null },
        { "csv_field_count.csv", "text,label\n\"a, b\",x\nc,d,e\n", IssueCodes.FieldCountMismatch, 3, null },
        { "csv_unterminated.csv", "text,label\nok,x\n\"never closed,y\nmore\n", IssueCodes.UnterminatedQuote, 3, null },
        { "csv_header_only.csv", "text,label\n", IssueCodes.EmptyFile, null, null },
        { "csv_missing_column.csv", "body,label\nhello,x\n", IssueCodes.UnknownFormat, 2, null },
        { "tsv_field_count.tsv", "text\tlabel\na\tx\nb\n", IssueCodes.FieldCountMismatch, 3, null },
        { "text_empty.jsonl", "{\"text\":\"fine\"}\n{\"text\":\"\"}", IssueCodes.EmptyAnswer, 2, null },
        { "answer_is_prompt.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"same  words\"},{\"role\":\"assistant\",\"content\":\"same words\"}]}", IssueCodes.AnswerEqualsPrompt, 2, null },
        { "repeated_chars.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"" + new string('!', 80) + "\"}]}", IssueCodes.RepeatedCharacters, 2, null },
        { "symbols.jsonl", Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼\"}]}", IssueCodes.MostlyNonText, 2, null },
        { "duplicate.jsonl", Good + "\n" + Good.Replace("hello", "hello ", StringComparison.Ordinal), IssueCodes.ExactDuplicate, 2, null },
        { "tiny.jsonl", Good, IssueCodes.TooFewExamples, null, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_MalformedInput_ReportsCodeAndLine(string name, string content, string code, long? line, int? messageIndex)
    {
        using var dir = new TempDirectory();
        var path = dir.File(name);
        File.WriteAllText(path, content);

        var report = DatasetValidator.Validate(path);

        var matches = report.IssuesWithCode(code).ToList();
        Assert.True(matches.Count > 0, $"Expected {code} in {name}; got: {string.Join("; ", report.Issues)}");
        Assert.Contains(matches, i => i.Line == line && i.MessageIndex == messageIndex && i.File == path);
        Assert.All(matches, i => Assert.False(string.IsNullOrWhiteSpace(i.Message)));
    }

    [Fact]
    public void Validate_InvalidUtf8Line_ReportsLineAndKeepsReading()
    {
        using var dir = new TempDirectory();
        var path = dir.File("latin1.jsonl");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Good + "\n"));
        bytes.AddRange(Encoding.Latin1.GetBytes("{\"messages\":[{\"role\":\"user\",\"content\":\"café\"},{\"role\":\"assistant\",\"content\":\"x\"}]}\n"));
        bytes.AddRange(Encoding.UTF8.GetBytes("{broken\n"));
        File.WriteAllBytes(path, [.. bytes]);

        var report = DatasetValidator.Validate(path);

        Assert.Contains(report.IssuesWithCode(IssueCodes.InvalidUtf8), i => i.Line == 2);
        Assert.Contains(report.IssuesWithCode(IssueCodes.InvalidJson), i => i.Line == 3);
        Assert.Equal(IssueSeverity.Error, report.Severity);
    }

    [Fact]
    public void Validate_InvalidUtf8InCsv_ReportsRowLine()
    {
        using var dir = new TempDirectory();
        var path = dir.File("bad.csv");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("text,label\nfine,x\n"));
        bytes.AddRange([0xC3, 0x28, (byte)',', (byte)'y', (byte)'\n']);
        File.WriteAllBytes(path, [.. bytes]);

        var report = DatasetValidator.Validate(path);

        Assert.Contains(report.IssuesWithCode(IssueCodes.InvalidUtf8), i => i.Line == 3);
    }

    [Fact]
    public void Validate_OverlongLine_SkipsItAndReadsTheNext()
    {
        using var dir = new TempDirectory();
        var path = dir.File("long.jsonl");
        var longLine = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('a', 5000) + "\"}]}";
        File.WriteAllText(path, Good + "\n" + longLine + "\n{bad}\n");

        var report = DatasetValidator.Validate(path, new ValidationOptions { Read = new DatasetReadOptions { MaxLineBytes = 1024 } });

        Assert.Contains(report.IssuesWithCode(IssueCodes.LineTooLong), i => i.Line == 2);
        Assert.Contains(report.IssuesWithCode(IssueCodes.InvalidJson), i => i.Line == 3);
    }

    [Fact]
    public void Validate_ExampleOverContext_ReportsTokenCount()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ctx.jsonl");
        File.WriteAllText(path, Good + "\n{\"messages\":[{\"role\":\"user\",\"content\":\"one two three four\"},{\"role\":\"assistant\",\"content\":\"five six\"}]}");

        var report = DatasetValidator.Validate(path, new ValidationOptions { Tokenizer = new TestDoubles.WhitespaceTokenizer(), ContextLength = 5 });

        var issue = Assert.Single(report.IssuesWithCode(IssueCodes.ExceedsContext));
        Assert.Equal(2, issue.Line);
        Assert.Contains("6 tokens", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CorruptGzip_ReportsInsteadOfThrowing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("broken.jsonl.gz");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            // Distinct lines so the compressed stream is long and cutting it loses real content.
            gz.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => Good.Replace("hello", $"answer {i * 7919 % 10007} {i}", StringComparison.Ordinal) + "\n"))));
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)].Concat(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }).ToArray());

        var report = DatasetValidator.Validate(path);

        Assert.True(report.Severity == IssueSeverity.Error, string.Join("; ", report.Issues));
        Assert.True(report.IssuesWithCode(IssueCodes.UnreadableFile).Concat(report.IssuesWithCode(IssueCodes.InvalidJson)).Any(), string.Join("; ", report.Issues));
    }

    [Fact]
    public void Validate_ManyErrors_NeverStopsAtTheFirst()
    {
        using var dir = new TempDirectory();
        var path = dir.File("many.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? "{bad" : "{\"messages\":[]}"));

        var report = DatasetValidator.Validate(path, new ValidationOptions { Read = new DatasetReadOptions { Format = ExampleFormat.Chat } });

        Assert.Equal(15, report.IssueCounts[IssueCodes.InvalidJson]);
        Assert.Equal(15, report.IssueCounts[IssueCodes.ExampleMissingAssistantMessage]);
    }
}
