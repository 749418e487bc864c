using Sharpen.Modeling.Import;
using TorchSharp;

namespace Sharpen.Modeling.Tests.Import;

public sealed class RotaryPermutationTests
{
    [Fact]
    public void MetaToHuggingFace_TwoHeadsOfFour_PutsEvenRowsBeforeOddRowsPerHead()
    {
        // transformers convert_llama_weights_to_hf.py permute(): w.view(n_heads, dim1 // n_heads // 2, 2, dim2)
        // .transpose(1, 2).reshape(dim1, dim2). For head_dim 4 the rows of each head go (0, 1, 2, 3) -> (0, 2, 1, 3):
        // Meta's pairs (0,1), (2,3) become HF's rotate-half pairs (0,2), (1,3).
        using var scope = torch.NewDisposeScope();
        var rows = torch.arange(0, 8, dtype: torch.ScalarType.Float32).reshape(8, 1).expand(8, 3).contiguous();

        var permuted = RotaryPermutation.MetaToHuggingFace(rows, heads: 2);

        Assert.Equal([0f, 2f, 1f, 3f, 4f, 6f, 5f, 7f], permuted[.., 0].data<float>().ToArray());
        Assert.Equal([8L, 3L], permuted.shape);
    }

    [Fact]
    public void MetaToHuggingFace_RowsNotDivisibleIntoEvenHeads_Throws()
    {
        using var scope = torch.NewDisposeScope();

        Assert.Throws<ArgumentException>(() => RotaryPermutation.MetaToHuggingFace(torch.zeros(6, 2), heads: 2));
    }
}
