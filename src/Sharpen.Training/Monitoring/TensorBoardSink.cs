using Sharpen.Core.Training;
using TorchSharp;
using TorchSharp.Modules;

namespace Sharpen.Training.Monitoring;

/// <summary>
/// TensorBoard event files (<c>tensorboard/events.out.tfevents.*</c>) through TorchSharp's own
/// <c>torch.utils.tensorboard.SummaryWriter</c>: train/loss, train/token_accuracy, train/learning_rate,
/// train/grad_norm, train/tokens_per_second, eval/loss and eval/token_accuracy per step. Wall times are TorchSharp's.
/// </summary>
internal sealed class TensorBoardSink(string directory) : IMetricSink
{
    private readonly SummaryWriter _writer = torch.utils.tensorboard.SummaryWriter(directory);

    public void OnStep(StepMetrics metrics)
    {
        var step = checked((int)metrics.Step);
        _writer.add_scalar("train/loss", (float)metrics.Loss, step);
        _writer.add_scalar("train/token_accuracy", (float)metrics.TokenAccuracy, step);
        _writer.add_scalar("train/learning_rate", (float)metrics.LearningRate, step);
        _writer.add_scalar("train/grad_norm", (float)metrics.GradNorm, step);
        _writer.add_scalar("train/tokens_per_second", (float)metrics.TokensPerSecond, step);
    }

    public void OnEvaluation(EvaluationMetrics metrics)
    {
        var step = checked((int)metrics.Step);
        _writer.add_scalar("eval/loss", (float)metrics.Loss, step);
        _writer.add_scalar("eval/token_accuracy", (float)metrics.TokenAccuracy, step);
    }

    public void OnEvent(TrainingEvent trainingEvent) =>
        _writer.add_text("events", $"[{trainingEvent.Kind}] {trainingEvent.Message}", checked((int)trainingEvent.Step));

    public void Dispose()
    {
        // SummaryWriter writes and closes the file on every call; there is nothing to flush.
    }
}
