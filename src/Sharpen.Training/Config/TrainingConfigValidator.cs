using Sharpen.Training.Methods;

namespace Sharpen.Training.Config;

/// <summary>Checks a bound config; every message starts with the key path it is about.</summary>
internal static class TrainingConfigValidator
{
    public static List<string> Validate(TrainingConfig config)
    {
        var errors = new List<string>();
        void Require(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Require(config.Model.Path.Length > 0, "model.path: required (a Hugging Face model folder).");
        Require(config.Model.Path.Length == 0 || Directory.Exists(config.Model.Path), $"model.path: folder '{config.Model.Path}' does not exist.");
        if (config.Model.Method != FineTuningMethod.Full)
        {
            try
            {
                FineTuningMethods.LoraOptionsOf(config).Validate();
            }
            catch (ArgumentException ex)
            {
                errors.Add("lora." + SnakeOption(ex.Message));
            }
        }

        Require(!config.Lora.TrainEmbeddings || config.Model.Method == FineTuningMethod.Lora, "lora.train_embeddings: only with model.method lora (full fine-tuning trains them anyway; QLoRA keeps the base frozen).");
        Require(!config.Lora.TrainEmbeddings || config.Model.ComputeDType == ComputeDType.Float32, "lora.train_embeddings: needs model.compute_dtype float32 (trained weights stay float32).");
        Require(config.Data.Train.Length > 0, "data.train: required (a chat or tokenised JSONL file).");
        Require(config.Data.Train.Length == 0 || File.Exists(config.Data.Train), $"data.train: file '{config.Data.Train}' does not exist.");
        Require(config.Data.Validation.Length == 0 || File.Exists(config.Data.Validation), $"data.validation: file '{config.Data.Validation}' does not exist.");
        Require(config.Data.MaxSeqLength >= 2, "data.max_seq_length: must be >= 2.");

        var t = config.Training;
        Require(t.Epochs is null or > 0, "training.epochs: must be > 0 or auto.");
        Require(t.LearningRate is null or > 0, "training.learning_rate: must be > 0 or auto.");
        Require(t.BatchSize is null or > 0, "training.batch_size: must be > 0 or auto.");
        Require(t.GradientAccumulationSteps > 0, "training.gradient_accumulation_steps: must be > 0.");
        Require(t.WeightDecay >= 0, "training.weight_decay: must be >= 0.");
        Require(t.AdamBeta1 is >= 0 and < 1, "training.adam_beta1: must be in [0, 1).");
        Require(t.AdamBeta2 is >= 0 and < 1, "training.adam_beta2: must be in [0, 1).");
        Require(t.AdamEpsilon > 0, "training.adam_epsilon: must be > 0.");
        Require(t.MaxGradNorm >= 0, "training.max_grad_norm: must be >= 0 (0 disables clipping).");
        Require(t.WarmupRatio is >= 0 and < 1, "training.warmup_ratio: must be in [0, 1).");
        Require(t.WarmupSteps is null or >= 0, "training.warmup_steps: must be >= 0.");
        Require(t.Threads >= 0, "training.threads: must be >= 0 (0 = one per core).");

        Require(config.Evaluation.EverySteps >= 0, "evaluation.every_steps: must be >= 0 (0 = only at epoch ends).");
        Require(config.Evaluation.OverfitPatience > 0, "evaluation.overfit_patience: must be > 0.");
        Require(config.EarlyStopping.Patience > 0, "early_stopping.patience: must be > 0.");
        Require(config.EarlyStopping.MinDelta >= 0, "early_stopping.min_delta: must be >= 0.");
        Require(!config.EarlyStopping.Enabled || config.Data.Validation.Length > 0, "early_stopping.enabled: needs data.validation to watch.");

        var b = config.Budget;
        Require(b.MaxSteps is null or > 0, "budget.max_steps: must be > 0.");
        Require(b.MaxTime is null || b.MaxTime > TimeSpan.Zero, "budget.max_time: must be > 0.");
        Require(b.MaxTokens is null or > 0, "budget.max_tokens: must be > 0.");
        Require(b.MaxCost is null or > 0, "budget.max_cost: must be > 0.");
        Require(b.PricePerHour is null or > 0, "budget.price_per_hour: must be > 0.");
        Require(b.MaxCost is null || b.PricePerHour is not null, "budget.max_cost: needs budget.price_per_hour to turn time into cost.");

        Require(config.Checkpoint.EverySteps >= 0, "checkpoint.every_steps: must be >= 0 (0 = only when the run stops).");
        Require(config.Checkpoint.KeepLast > 0, "checkpoint.keep_last: must be > 0 (resume needs a checkpoint).");
        Require(config.Output.RunsDir.Length > 0, "output.runs_dir: required.");
        Require(config.Output.RunId.IndexOfAny(['/', '\\']) < 0 && config.Output.RunId is not ("." or ".."), "output.run_id: must be a plain folder name.");
        return errors;
    }

    /// <summary>Turns "LoraOptions.Rank must be …" into "rank: must be …" so the message names the config key.</summary>
    private static string SnakeOption(string message)
    {
        const string prefix = "LoraOptions.";
        if (!message.StartsWith(prefix, StringComparison.Ordinal))
        {
            return "options: " + message;
        }

        var rest = message[prefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var name = space < 0 ? rest : rest[..space];
        var key = name switch
        {
            "Rank" => "rank",
            "Alpha" => "alpha",
            "Dropout" => "dropout",
            "TargetModules" => "target_modules",
            "UseRsLora" => "use_rslora",
            _ => name.ToLowerInvariant(),
        };
        return $"{key}: {(space < 0 ? string.Empty : rest[(space + 1)..])}";
    }
}
