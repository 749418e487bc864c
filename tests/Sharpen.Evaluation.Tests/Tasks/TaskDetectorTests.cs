using System.Text.Json;
using Sharpen.Data.Analysis;
using Sharpen.Data.Formats;
using Sharpen.Data.Reading;
using Sharpen.Evaluation.Tasks;
using Sharpen.TestKit;

namespace Sharpen.Evaluation.Tests.Tasks;

public sealed class TaskDetectorTests
{
    [Fact]
    public void Detect_Banking77Intents_IsClassificationWithTheLabelSet()
    {
        // Real Banking77 (../shared/data/banking77, text,category): 77 intents over 10,003 training and 3,080 test rows.
        var read = new DatasetReadOptions { Columns = ColumnMapping.Classification("text", "category") };
        List<string> Labels(string file) => [.. ConversationReader.Read(SharedData.Path("data", "banking77", file), read).Select(c => c.Messages[^1].Content)];
        var detection = TaskDetector.Detect(Labels("test.csv"), Labels("train.csv"));

        Assert.Equal(TaskType.Classification, detection.Task);
        Assert.Equal(77, detection.Labels.Count);
        Assert.Contains("card_arrival", detection.Labels);
    }

    [Fact]
    public void Detect_Gsm8kAnswers_IsNumeric()
    {
        var answers = File.ReadLines(SharedData.Path("data", "gsm8k", "test.jsonl")).Take(50)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString()!).ToList();

        Assert.Equal(TaskType.Numeric, TaskDetector.Detect(answers, answers).Task);
    }

    [Fact]
    public void Detect_MedQuadAnswers_IsGeneration()
    {
        var answers = File.ReadLines(SharedData.Path("data", "medquad", "medquad_with_answers.jsonl")).Take(60)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString()!).ToList();

        var detection = TaskDetector.Detect(answers.Take(20).ToList(), answers.Skip(20).ToList());

        Assert.Equal(TaskType.Generation, detection.Task);
        Assert.Empty(detection.Labels);
    }

    // Each row: test answers | training answers | expected task.
    public static TheoryData<string[], string[], TaskType> Cases() => new()
    {
        // Short repeated labels, every test label seen in training.
        { ["yes", "no", "no"], ["yes", "no", "yes", "no", "yes"], TaskType.Classification },
        // A test answer that training never gave: not a closed set.
        { ["yes", "maybe"], ["yes", "no", "yes", "no"], TaskType.Generation },
        // Answers that barely repeat: 4 distinct in 6 examples is no small closed set.
        { ["a", "b"], ["a", "b", "c", "d"], TaskType.Generation },
        // Sentences, not labels.
        { ["the card arrives in five to seven working days after you order it"], ["the card arrives in five to seven working days after you order it", "the card arrives in five to seven working days after you order it"], TaskType.Generation },
        // Most answers end in #### n.
        { ["so 3 + 4 = 7\n#### 7", "#### 1,200", "#### -3"], [], TaskType.Numeric },
        // Numbers without the GSM8K marker are labels, not worked answers.
        { ["7", "8"], ["7", "8", "7", "8"], TaskType.Classification },
        // No training answers at all: cannot be a closed label set.
        { ["yes", "no"], [], TaskType.Generation },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_Table(string[] test, string[] train, TaskType expected)
    {
        Assert.Equal(expected, TaskDetector.Detect(test, train).Task);
    }

    [Fact]
    public void Detect_NoTestAnswers_Throws()
    {
        Assert.Throws<ArgumentException>(() => TaskDetector.Detect([], ["a"]));
    }
}
