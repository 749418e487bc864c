using TorchSharp;

namespace Sharpen.Modeling.Import;

/// <summary>
/// Reorders Q/K projection rows from Meta's interleaved RoPE layout (pairs (2i, 2i+1) rotate together; used by the
/// original checkpoints, llama2.c and llama.cpp's GGUF) to Hugging Face's rotate-half layout (pairs (i, i + d/2)).
/// Same mapping as <c>permute()</c> in transformers' <c>convert_llama_weights_to_hf.py</c>: view the rows as
/// [heads, head_dim/2, 2], swap the last two axes, flatten back.
/// </summary>
internal static class RotaryPermutation
{
    public static torch.Tensor MetaToHuggingFace(torch.Tensor weight, int heads)
    {
        var rows = weight.shape[0];
        var cols = weight.shape[1];
        if (rows % (heads * 2) != 0)
        {
            throw new ArgumentException($"{rows} rows cannot be split into {heads} heads of an even size.", nameof(weight));
        }

        using var scope = torch.NewDisposeScope();
        return weight.view(heads, rows / heads / 2, 2, cols).transpose(1, 2).reshape(rows, cols).contiguous().MoveToOuterDisposeScope();
    }
}
