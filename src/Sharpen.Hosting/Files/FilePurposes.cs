namespace Sharpen.Hosting.Files;

/// <summary>The <c>purpose</c> values of OpenAI's File object that Sharpen accepts.</summary>
public static class FilePurposes
{
    /// <summary>Training and validation data; checked with the data step's validator on upload.</summary>
    public const string FineTune = "fine-tune";

    /// <summary>Files the server writes for a job (the metrics CSV); clients cannot upload with it.</summary>
    public const string FineTuneResults = "fine-tune-results";

    /// <summary>Purposes a client may upload with (OpenAI's list; only <see cref="FineTune"/> has a use in Sharpen yet).</summary>
    public static IReadOnlyList<string> Uploadable { get; } = [FineTune, "assistants", "batch", "user_data", "evals", "vision"];
}
