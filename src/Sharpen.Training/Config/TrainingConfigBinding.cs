using System.Globalization;
using System.Text.RegularExpressions;

namespace Sharpen.Training.Config;

/// <summary>
/// The one table of config keys: <see cref="Bind"/> reads flat values into the option records (parse errors name the
/// key path and the value's source; unknown keys are errors, so a typo never silently falls back to a default) and
/// <see cref="Flatten"/> writes the records back as the same keys.
/// </summary>
internal static partial class TrainingConfigBinding
{
    public const string Auto = "auto";

    public static TrainingConfig Bind(IReadOnlyDictionary<string, ConfigValue> values, List<string> errors)
    {
        var reader = new Reader(values, errors);
        var defaults = new TrainingConfig();
        var config = new TrainingConfig
        {
            Model = new ModelOptions
            {
                Path = reader.Path("model.path", defaults.Model.Path),
                Method = reader.Enum("model.method", defaults.Model.Method),
                ComputeDType = reader.Enum("model.compute_dtype", defaults.Model.ComputeDType),
            },
            Lora = new LoraSection
            {
                Rank = reader.Int("lora.rank", defaults.Lora.Rank),
                Alpha = reader.Double("lora.alpha", defaults.Lora.Alpha),
                Dropout = reader.Double("lora.dropout", defaults.Lora.Dropout),
                TargetModules = reader.String("lora.target_modules", defaults.Lora.TargetModules),
                UseRsLora = reader.Bool("lora.use_rslora", defaults.Lora.UseRsLora),
                TrainEmbeddings = reader.Bool("lora.train_embeddings", defaults.Lora.TrainEmbeddings),
            },
            Data = new DataOptions
            {
                Train = reader.Path("data.train", defaults.Data.Train),
                Validation = reader.Path("data.validation", defaults.Data.Validation),
                Format = reader.Enum("data.format", defaults.Data.Format),
                TrainOnInputs = reader.Bool("data.train_on_inputs", defaults.Data.TrainOnInputs),
                Batching = reader.Enum("data.batching", defaults.Data.Batching),
                MaxSeqLength = reader.Int("data.max_seq_length", defaults.Data.MaxSeqLength),
            },
            Training = new OptimizationOptions
            {
                Epochs = reader.AutoInt("training.epochs", defaults.Training.Epochs),
                LearningRate = reader.AutoDouble("training.learning_rate", defaults.Training.LearningRate),
                BatchSize = reader.AutoInt("training.batch_size", defaults.Training.BatchSize),
                GradientAccumulationSteps = reader.Int("training.gradient_accumulation_steps", defaults.Training.GradientAccumulationSteps),
                WeightDecay = reader.Double("training.weight_decay", defaults.Training.WeightDecay),
                AdamBeta1 = reader.Double("training.adam_beta1", defaults.Training.AdamBeta1),
                AdamBeta2 = reader.Double("training.adam_beta2", defaults.Training.AdamBeta2),
                AdamEpsilon = reader.Double("training.adam_epsilon", defaults.Training.AdamEpsilon),
                MaxGradNorm = reader.Double("training.max_grad_norm", defaults.Training.MaxGradNorm),
                LrScheduler = reader.Enum("training.lr_scheduler", defaults.Training.LrScheduler),
                WarmupRatio = reader.Double("training.warmup_ratio", defaults.Training.WarmupRatio),
                WarmupSteps = reader.OptionalInt("training.warmup_steps", defaults.Training.WarmupSteps),
                Seed = reader.Int("training.seed", defaults.Training.Seed),
                Threads = reader.Int("training.threads", defaults.Training.Threads),
            },
            Evaluation = new EvaluationOptions
            {
                EverySteps = reader.Int("evaluation.every_steps", defaults.Evaluation.EverySteps),
                OverfitPatience = reader.Int("evaluation.overfit_patience", defaults.Evaluation.OverfitPatience),
            },
            EarlyStopping = new EarlyStoppingOptions
            {
                Enabled = reader.Bool("early_stopping.enabled", defaults.EarlyStopping.Enabled),
                Patience = reader.Int("early_stopping.patience", defaults.EarlyStopping.Patience),
                MinDelta = reader.Double("early_stopping.min_delta", defaults.EarlyStopping.MinDelta),
            },
            Budget = new BudgetOptions
            {
                MaxSteps = reader.OptionalLong("budget.max_steps", defaults.Budget.MaxSteps),
                MaxTime = reader.OptionalDuration("budget.max_time", defaults.Budget.MaxTime),
                MaxTokens = reader.OptionalLong("budget.max_tokens", defaults.Budget.MaxTokens),
                MaxCost = reader.OptionalDouble("budget.max_cost", defaults.Budget.MaxCost),
                PricePerHour = reader.OptionalDouble("budget.price_per_hour", defaults.Budget.PricePerHour),
            },
            Checkpoint = new CheckpointOptions
            {
                EverySteps = reader.Int("checkpoint.every_steps", defaults.Checkpoint.EverySteps),
                KeepLast = reader.Int("checkpoint.keep_last", defaults.Checkpoint.KeepLast),
                EveryEpoch = reader.Bool("checkpoint.every_epoch", defaults.Checkpoint.EveryEpoch),
            },
            Output = new OutputOptions
            {
                RunsDir = reader.Path("output.runs_dir", defaults.Output.RunsDir),
                RunId = reader.String("output.run_id", defaults.Output.RunId),
                Console = reader.Bool("output.console", defaults.Output.Console),
                Tensorboard = reader.Bool("output.tensorboard", defaults.Output.Tensorboard),
            },
        };

        foreach (var unknown in values.Keys.Where(k => !reader.Consumed.Contains(k)).Order(StringComparer.Ordinal))
        {
            errors.Add($"{unknown}: unknown key (from {values[unknown].Source}); see configs/full.yaml for the documented keys.");
        }

        return config;
    }

    /// <summary>The config as (section, key, value) triples in documentation order, values in the form Bind reads.</summary>
    public static IReadOnlyList<(string Section, string Key, string Value)> Flatten(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return
        [
            ("model", "path", config.Model.Path),
            ("model", "method", Name(config.Model.Method)),
            ("model", "compute_dtype", Name(config.Model.ComputeDType)),
            ("lora", "rank", Format(config.Lora.Rank)),
            ("lora", "alpha", Format(config.Lora.Alpha)),
            ("lora", "dropout", Format(config.Lora.Dropout)),
            ("lora", "target_modules", config.Lora.TargetModules),
            ("lora", "use_rslora", config.Lora.UseRsLora ? "true" : "false"),
            ("lora", "train_embeddings", config.Lora.TrainEmbeddings ? "true" : "false"),
            ("data", "train", config.Data.Train),
            ("data", "validation", config.Data.Validation),
            ("data", "format", Name(config.Data.Format)),
            ("data", "train_on_inputs", config.Data.TrainOnInputs ? "true" : "false"),
            ("data", "batching", Name(config.Data.Batching)),
            ("data", "max_seq_length", Format(config.Data.MaxSeqLength)),
            ("training", "epochs", config.Training.Epochs is { } e ? Format(e) : Auto),
            ("training", "learning_rate", config.Training.LearningRate is { } lr ? Format(lr) : Auto),
            ("training", "batch_size", config.Training.BatchSize is { } b ? Format(b) : Auto),
            ("training", "gradient_accumulation_steps", Format(config.Training.GradientAccumulationSteps)),
            ("training", "weight_decay", Format(config.Training.WeightDecay)),
            ("training", "adam_beta1", Format(config.Training.AdamBeta1)),
            ("training", "adam_beta2", Format(config.Training.AdamBeta2)),
            ("training", "adam_epsilon", Format(config.Training.AdamEpsilon)),
            ("training", "max_grad_norm", Format(config.Training.MaxGradNorm)),
            ("training", "lr_scheduler", Name(config.Training.LrScheduler)),
            ("training", "warmup_ratio", Format(config.Training.WarmupRatio)),
            ("training", "warmup_steps", config.Training.WarmupSteps is { } w ? Format(w) : ""),
            ("training", "seed", Format(config.Training.Seed)),
            ("training", "threads", Format(config.Training.Threads)),
            ("evaluation", "every_steps", Format(config.Evaluation.EverySteps)),
            ("evaluation", "overfit_patience", Format(config.Evaluation.OverfitPatience)),
            ("early_stopping", "enabled", config.EarlyStopping.Enabled ? "true" : "false"),
            ("early_stopping", "patience", Format(config.EarlyStopping.Patience)),
            ("early_stopping", "min_delta", Format(config.EarlyStopping.MinDelta)),
            ("budget", "max_steps", config.Budget.MaxSteps is { } s ? Format(s) : ""),
            ("budget", "max_time", config.Budget.MaxTime is { } t ? t.ToString("c", CultureInfo.InvariantCulture) : ""),
            ("budget", "max_tokens", config.Budget.MaxTokens is { } k ? Format(k) : ""),
            ("budget", "max_cost", config.Budget.MaxCost is { } c ? Format(c) : ""),
            ("budget", "price_per_hour", config.Budget.PricePerHour is { } p ? Format(p) : ""),
            ("checkpoint", "every_steps", Format(config.Checkpoint.EverySteps)),
            ("checkpoint", "keep_last", Format(config.Checkpoint.KeepLast)),
            ("checkpoint", "every_epoch", config.Checkpoint.EveryEpoch ? "true" : "false"),
            ("output", "runs_dir", config.Output.RunsDir),
            ("output", "run_id", config.Output.RunId),
            ("output", "console", config.Output.Console ? "true" : "false"),
            ("output", "tensorboard", config.Output.Tensorboard ? "true" : "false"),
        ];
    }

    /// <summary>An enum value's config spelling: <c>LengthGrouped</c> → <c>length_grouped</c>.</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => SnakeCase().Replace(value.ToString(), "$1_$2").ToLowerInvariant();

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex SnakeCase();

    [GeneratedRegex(@"^(?:(?<d>\d+(?:\.\d+)?)d)?(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$")]
    private static partial Regex DurationPattern();

    private sealed class Reader(IReadOnlyDictionary<string, ConfigValue> values, List<string> errors)
    {
        public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);

        public string String(string key, string fallback) => Raw(key)?.Text ?? fallback;

        public string Path(string key, string fallback)
        {
            var value = Raw(key);
            if (value is null || value.Text.Length == 0)
            {
                return value is null ? fallback : "";
            }

            var expanded = value.Text.StartsWith("~/", StringComparison.Ordinal)
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), value.Text[2..])
                : value.Text;
            return System.IO.Path.GetFullPath(expanded, value.BaseDirectory);
        }

        public int Int(string key, int fallback) => Parse(key, fallback, "an integer", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null);

        public double Double(string key, double fallback) => Parse(key, fallback, "a number", ParseDouble);

        public bool Bool(string key, bool fallback) => Parse(key, fallback, "true or false", t => t.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => (bool?)null,
        });

        public int? AutoInt(string key, int? fallback) => IsAuto(key) ? null : OptionalInt(key, fallback);

        public double? AutoDouble(string key, double? fallback) => IsAuto(key) ? null : OptionalDouble(key, fallback);

        public int? OptionalInt(string key, int? fallback) =>
            IsEmpty(key) ? null : Parse<int>(key, fallback, "an integer", t => int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null);

        public long? OptionalLong(string key, long? fallback) =>
            IsEmpty(key) ? null : Parse<long>(key, fallback, "an integer", t => long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null);

        public double? OptionalDouble(string key, double? fallback) =>
            IsEmpty(key) ? null : Parse<double>(key, fallback, "a number", ParseDouble);

        public TimeSpan? OptionalDuration(string key, TimeSpan? fallback) =>
            IsEmpty(key) ? null : Parse<TimeSpan>(key, fallback, "a duration such as 90m, 2h, 1h30m or 01:30:00", ParseDuration);

        public T Enum<T>(string key, T fallback)
            where T : struct, Enum
        {
            var value = Raw(key);
            if (value is null)
            {
                return fallback;
            }

            foreach (var candidate in System.Enum.GetValues<T>())
            {
                if (string.Equals(Name(candidate), value.Text.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return candidate;
                }
            }

            errors.Add($"{key}: '{value.Text}' (from {value.Source}) is not one of {string.Join(" | ", System.Enum.GetValues<T>().Select(v => Name(v)))}.");
            return fallback;
        }

        private static double? ParseDouble(string text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

        private static TimeSpan? ParseDuration(string text)
        {
            var match = DurationPattern().Match(text.Trim().ToLowerInvariant());
            if (match.Success && match.Length > 0)
            {
                double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
                return TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
            }

            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        }

        private bool IsAuto(string key)
        {
            var value = Raw(key);
            return value is not null && string.Equals(value.Text.Trim(), Auto, StringComparison.OrdinalIgnoreCase);
        }

        private bool IsEmpty(string key)
        {
            var value = Raw(key);
            return value is not null && (value.Text.Trim().Length == 0 || value.Text.Trim() is "~" or "null" or "none");
        }

        private T Parse<T>(string key, T fallback, string expected, Func<string, T?> parse)
            where T : struct
        {
            var value = Raw(key);
            if (value is null)
            {
                return fallback;
            }

            if (parse(value.Text.Trim()) is { } parsed)
            {
                return parsed;
            }

            errors.Add($"{key}: '{value.Text}' (from {value.Source}) is not {expected}.");
            return fallback;
        }

        private T? Parse<T>(string key, T? fallback, string expected, Func<string, T?> parse)
            where T : struct
        {
            var value = Raw(key);
            if (value is null)
            {
                return fallback;
            }

            if (parse(value.Text.Trim()) is { } parsed)
            {
                return parsed;
            }

            errors.Add($"{key}: '{value.Text}' (from {value.Source}) is not {expected}.");
            return fallback;
        }

        private ConfigValue? Raw(string key)
        {
            Consumed.Add(key);
            return values.TryGetValue(key, out var value) ? value : null;
        }
    }
}
