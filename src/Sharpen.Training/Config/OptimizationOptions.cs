namespace Sharpen.Training.Config;

/// <summary>
/// The <c>training:</c> section. <c>epochs</c>, <c>learning_rate</c> and <c>batch_size</c> accept <c>auto</c>
/// (null here until <see cref="AutoSettings"/> resolves them against the dataset and method).
/// </summary>
public sealed record OptimizationOptions
{
    /// <summary><c>training.epochs</c>: passes over the training set; auto = 3, scaled for tiny and huge sets.</summary>
    public int? Epochs { get; init; }

    /// <summary><c>training.learning_rate</c>: peak rate; auto = 2e-5 (full, &lt; 1B parameters), 1e-5 (full, larger), 2e-4 (lora/qlora).</summary>
    public double? LearningRate { get; init; }

    /// <summary><c>training.batch_size</c>: examples (or packed rows) per micro-batch; auto = clamp(ceil(0.2% of examples), 1, 8).</summary>
    public int? BatchSize { get; init; }

    /// <summary><c>training.gradient_accumulation_steps</c>: micro-batches per optimizer step (default 1).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary><c>training.weight_decay</c>: decoupled AdamW decay; never applied to norms and biases (default 0.0).</summary>
    public double WeightDecay { get; init; }

    /// <summary><c>training.adam_beta1</c> (default 0.9).</summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary><c>training.adam_beta2</c> (default 0.999).</summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary><c>training.adam_epsilon</c> (default 1e-8).</summary>
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary><c>training.max_grad_norm</c>: global L2 clipping threshold; 0 disables clipping (default 1.0).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary><c>training.lr_scheduler</c>: cosine (default) | linear | constant.</summary>
    public LearningRateSchedulerKind LrScheduler { get; init; } = LearningRateSchedulerKind.Cosine;

    /// <summary><c>training.warmup_ratio</c>: fraction of the planned steps spent warming up linearly (default 0.03).</summary>
    public double WarmupRatio { get; init; } = 0.03;

    /// <summary><c>training.warmup_steps</c>: explicit warmup length; when set it wins over warmup_ratio.</summary>
    public int? WarmupSteps { get; init; }

    /// <summary><c>training.seed</c>: seeds torch and the data order (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// <c>training.threads</c>: the threads (cores) training uses; 0 = one per core (default). With two or more and a batch
    /// of two or more rows, each thread trains on its share of every batch with single-threaded libtorch (data parallel);
    /// evaluation and the rest use them as libtorch's intra-op threads.
    /// </summary>
    public int Threads { get; init; }
}
