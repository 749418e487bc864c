namespace Sharpen.Evaluation.Advice;

/// <summary>What the decision framework recommends.</summary>
public enum Recommendation
{
    /// <summary>Fine-tuning is justified.</summary>
    FineTune,

    /// <summary>Start with prompt engineering; revisit fine-tuning with more data or evidence.</summary>
    PromptEngineeringFirst,

    /// <summary>Ground the model in current data with retrieval (RAG) instead of baking knowledge in.</summary>
    Retrieval,

    /// <summary>Too early: experiment with the base model and defer fine-tuning to a later stage.</summary>
    Defer,
}
