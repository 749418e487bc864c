namespace Sharpen.Data.Validation;

/// <summary>
/// The stable codes of <see cref="DataIssue"/>. The first group carries the names of the OpenAI cookbook's
/// fine-tuning data checker ("Data preparation and analysis for chat model fine-tuning") so that people who know that
/// script recognise them; the rest are Sharpen's own.
/// </summary>
public static class IssueCodes
{
    // OpenAI cookbook checks.

    /// <summary>A record is not a JSON object.</summary>
    public const string DataType = "data_type";

    /// <summary>A chat record has no <c>messages</c> array.</summary>
    public const string MissingMessagesList = "missing_messages_list";

    /// <summary>A message lacks <c>role</c> or <c>content</c>.</summary>
    public const string MessageMissingKey = "message_missing_key";

    /// <summary>A message carries a key the fine-tuning format does not know.</summary>
    public const string MessageUnrecognizedKey = "message_unrecognized_key";

    /// <summary>A message role is not system, user, assistant or tool (or, for ShareGPT, a known alias).</summary>
    public const string UnrecognizedRole = "unrecognized_role";

    /// <summary>A message has no text (and is not a tool call).</summary>
    public const string MissingContent = "missing_content";

    /// <summary>An example has no assistant message, so there is nothing to train on.</summary>
    public const string ExampleMissingAssistantMessage = "example_missing_assistant_message";

    // Reading.

    /// <summary>The file has no records at all.</summary>
    public const string EmptyFile = "empty_file";

    /// <summary>The file could not be opened or read.</summary>
    public const string UnreadableFile = "unreadable_file";

    /// <summary>A line (or the file) is not valid JSON.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A line contains bytes that are not valid UTF-8.</summary>
    public const string InvalidUtf8 = "invalid_utf8";

    /// <summary>A line is longer than the configured maximum and was skipped without being read into memory.</summary>
    public const string LineTooLong = "line_too_long";

    /// <summary>A CSV/TSV quoted field is never closed.</summary>
    public const string UnterminatedQuote = "csv_unterminated_quote";

    /// <summary>A CSV/TSV row has a different number of fields than the header.</summary>
    public const string FieldCountMismatch = "csv_field_count";

    /// <summary>A Parquet column cannot be read as text (nested or binary data).</summary>
    public const string UnsupportedColumn = "unsupported_column";

    // Normalisation.

    /// <summary>The record's shape matches none of the known formats (and no column mapping was given).</summary>
    public const string UnknownFormat = "unknown_format";

    /// <summary>A field the detected format needs is missing or has the wrong JSON type.</summary>
    public const string MissingField = "missing_field";

    /// <summary>A column named in the column mapping or the prompt template does not exist in the record.</summary>
    public const string MissingColumn = "missing_column";

    /// <summary>A message <c>content</c> part is not text (for example an image), which text fine-tuning cannot use.</summary>
    public const string UnsupportedContent = "unsupported_content";

    // Conversation rules.

    /// <summary>Roles do not alternate user/assistant after an optional leading system message.</summary>
    public const string RoleAlternation = "role_alternation";

    /// <summary>A <c>weight</c> is not the integer 0 or 1, or is set on a non-assistant message.</summary>
    public const string InvalidWeight = "invalid_weight";

    /// <summary>Every assistant message has weight 0, so the example trains nothing.</summary>
    public const string NoTrainableMessage = "no_trainable_message";

    /// <summary>The example has more tokens than the model's context length.</summary>
    public const string ExceedsContext = "exceeds_context";

    // Quality filters (removed by prepare, reported by validate).

    /// <summary>The last assistant answer is empty or only whitespace.</summary>
    public const string EmptyAnswer = "empty_answer";

    /// <summary>The last assistant answer is shorter than the configured minimum.</summary>
    public const string ShortAnswer = "short_answer";

    /// <summary>The answer repeats the prompt verbatim (after normalisation).</summary>
    public const string AnswerEqualsPrompt = "answer_equals_prompt";

    /// <summary>Most characters are not text (symbols, control characters, replacement characters).</summary>
    public const string MostlyNonText = "mostly_non_text";

    /// <summary>A single non-space character repeats many times in a row.</summary>
    public const string RepeatedCharacters = "repeated_characters";

    /// <summary>An exact duplicate of an earlier example (after NFKC and whitespace normalisation).</summary>
    public const string ExactDuplicate = "exact_duplicate";

    /// <summary>A near duplicate of an earlier example (MinHash estimate of word-shingle Jaccard similarity).</summary>
    public const string NearDuplicate = "near_duplicate";

    // Dataset-level rules of thumb.

    /// <summary>Fewer than 10 examples: hosted fine-tuning refuses the file (OpenAI <c>invalid_n_examples</c>).</summary>
    public const string TooFewExamples = "too_few_examples";

    /// <summary>Fewer than 100 examples: the model will likely memorise rather than generalise.</summary>
    public const string MemorizationRisk = "memorization_risk";

    /// <summary>Fewer than 500 examples: below the usual minimum for a worthwhile fine-tune.</summary>
    public const string BelowRecommendedSize = "below_recommended_size";

    /// <summary>The largest class has many times more examples than the smallest.</summary>
    public const string ClassImbalance = "class_imbalance";

    /// <summary>A large share of the examples are exact or near duplicates.</summary>
    public const string ManyDuplicates = "many_duplicates";

    /// <summary>Examples that were near or exact duplicates across splits were moved to one split.</summary>
    public const string SplitLeakage = "split_leakage";
}
