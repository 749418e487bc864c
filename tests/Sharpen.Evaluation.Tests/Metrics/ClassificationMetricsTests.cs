using Sharpen.Evaluation.Metrics;

namespace Sharpen.Evaluation.Tests.Metrics;

public sealed class ClassificationMetricsTests
{
    [Fact]
    public void MacroF1_ScikitLearnDocstringExample_Is0_267()
    {
        // scikit-learn's f1_score docstring: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1]
        // → f1_score(average='macro') = 0.26666666666666666 (and accuracy 2/6).
        string[] truth = ["0", "1", "2", "0", "1", "2"];
        string[] predicted = ["0", "2", "1", "0", "0", "1"];

        Assert.Equal(0.26666666666666666, ClassificationMetrics.MacroF1(predicted, truth), 12);
        Assert.Equal(2.0 / 6.0, ClassificationMetrics.Accuracy(predicted, truth), 12);
    }

    [Fact]
    public void Accuracy_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy(["a"], ["a", "b"]));
    }
}
