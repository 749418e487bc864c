namespace Sharpen.Core.Training;

/// <summary>
/// One training example after tokenisation and chat templating: the token ids and, per token, whether it is a training
/// target. The trainer never sees text, so data preparation (templates, masking of prompts) happens once, upstream.
/// </summary>
/// <param name="InputIds">the token ids, in order</param>
/// <param name="LossMask">one flag per token; true = the model is trained to predict this token from the ones before it.
/// The first token can never be a target (nothing precedes it), so its flag is ignored.</param>
public sealed record TokenizedExample(int[] InputIds, bool[] LossMask)
{
    /// <summary>How many tokens the loss is computed on (targets after the first position).</summary>
    public int TargetCount
    {
        get
        {
            var count = 0;
            for (var i = 1; i < LossMask.Length; i++)
            {
                if (LossMask[i])
                {
                    count++;
                }
            }

            return count;
        }
    }
}
