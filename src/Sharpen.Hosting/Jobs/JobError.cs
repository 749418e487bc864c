namespace Sharpen.Hosting.Jobs;

/// <summary>Why a job failed, in OpenAI's shape: a stable <paramref name="Code"/>, a sentence, the request field at fault.</summary>
public sealed record JobError(string Code, string Message, string? Param);

/// <summary>The failure codes a job can end with.</summary>
public static class JobErrorCodes
{
    /// <summary>The training file has fewer than <see cref="JobService.MinExamples"/> examples (OpenAI's code).</summary>
    public const string InvalidNExamples = "invalid_n_examples";

    /// <summary>The training file cannot be read or does not fit the method (OpenAI's code).</summary>
    public const string InvalidTrainingFile = "invalid_training_file";

    /// <summary>The validation file cannot be read or does not fit the method.</summary>
    public const string InvalidValidationFile = "invalid_validation_file";

    /// <summary>The training run threw: the message says what it reported.</summary>
    public const string TrainingFailed = "training_failed";

    /// <summary>The machine ran out of memory while training.</summary>
    public const string OutOfMemory = "out_of_memory";
}
