using Sharpen.Modeling.Adapters;
using Sharpen.Training.Config;
using Sharpen.Training.Runs;

namespace Sharpen.Training.Export;

/// <summary>Exports a run's model as a merged Hugging Face folder or a PEFT adapter (default: <c>RUN/export/merged|adapter</c>).</summary>
public static class RunExporter
{
    public static string Export(string runDirectory, ExportFormat format, string? outputDirectory = null, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(runDirectory);
        var output = outputDirectory ?? Path.Combine(runDirectory, "export", format == ExportFormat.Merged ? "merged" : "adapter");
        var (model, config, _) = TrainedModel.Load(runDirectory);
        using (model)
        {
            switch (format)
            {
                case ExportFormat.Merged:
                    return MergedModelExport.Save(model, config.Model.Path, output, overwrite: overwrite);
                case ExportFormat.Adapter:
                    if (config.Model.Method == FineTuningMethod.Full)
                    {
                        throw new InvalidOperationException($"'{runDirectory}' is a full fine-tune: it has no adapter; export --format merged instead.");
                    }

                    if (config.Lora.TrainEmbeddings)
                    {
                        throw new InvalidOperationException($"'{runDirectory}' also trained the token embeddings, which a LoRA adapter cannot carry; export --format merged instead.");
                    }

                    return PeftAdapter.Save(model, TrainedModel.LoraOptionsOf(config), output, Path.GetFullPath(config.Model.Path), overwrite);
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
            }
        }
    }
}
