namespace Sharpen.Evaluation.Tasks;

/// <summary>What kind of answer a test set asks for; it decides which metrics are computed and which one decides.</summary>
public enum TaskType
{
    /// <summary>Answers come from a small closed set of labels (Banking77 intents): accuracy and macro-F1.</summary>
    Classification,

    /// <summary>Free text (QA, summaries): exact match, token F1, ROUGE-L and corpus BLEU.</summary>
    Generation,

    /// <summary>Worked answers ending in GSM8K's <c>#### n</c>: numeric-answer accuracy.</summary>
    Numeric,
}
