using Sharpen.Modeling.Runtime;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Llama;

/// <summary>
/// Activation checkpointing for one decoder layer (Chen et al. 2016; PyTorch's reentrant <c>checkpoint</c>): forward
/// runs the layer without building a graph and keeps only its input; backward runs the layer again from that input with
/// the random generator put back where forward found it (so dropout draws the same masks), then back-propagates through
/// the recomputation. Parameter gradients accumulate as usual; the gradient with respect to the input is handed on. A
/// training step then holds one layer's activations at a time instead of every layer's, for one extra forward pass.
/// </summary>
internal static class LayerCheckpoint
{
    public static Tensor Apply(LlamaDecoderLayer layer, Tensor hidden, Tensor cos, Tensor sin, Tensor? mask, int index)
    {
        // The layer's parameters are not inputs of the function, so autograd records it only if an input requires grad.
        // Below the first trainable layer (frozen embeddings, as in LoRA) none does: make the input a leaf that does, as
        // peft's enable_input_require_grads does for the same reason; its gradient is computed and dropped.
        var input = hidden.requires_grad ? hidden : hidden.detach().requires_grad_(true);
        return Function.apply(input, cos, sin, mask!, layer, index);
    }

    private sealed class Function : autograd.SingleTensorFunction<Function>
    {
        private const string LayerKey = "layer";
        private const string IndexKey = "index";
        private const string RngKey = "rng";

        public override string Name => nameof(LayerCheckpoint);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var hidden = (Tensor)vars[0];
            var cos = (Tensor)vars[1];
            var sin = (Tensor)vars[2];
            var mask = vars[3] as Tensor;
            var layer = (LlamaDecoderLayer)vars[4];
            var index = (int)vars[5];
            ctx.save_data(RngKey, RandomSource.GetState());

            ctx.save_data(LayerKey, layer);
            ctx.save_data(IndexKey, index);
            ctx.save_for_backward([hidden, cos, sin, mask!]);
            return layer.forward(hidden, cos, sin, mask, null, index);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
        {
            var saved = ctx.get_saved_variables();
            var layer = (LlamaDecoderLayer)ctx.get_data(LayerKey);
            var index = (int)ctx.get_data(IndexKey);
            var forwardRng = (byte[])ctx.get_data(RngKey);
            using var scope = NewDisposeScope();
            var input = saved[0].detach().requires_grad_(true);
            var current = RandomSource.GetState();
            RandomSource.SetState(forwardRng);
            Tensor output;
            using (enable_grad())
            {
                output = layer.forward(input, saved[1], saved[2], saved[3], null, index);
            }

            RandomSource.SetState(current);
            output.backward([grad_output]);
            var gradInput = input.grad!.MoveToOuterDisposeScope();
            foreach (var tensor in saved)
            {
                tensor?.Dispose();
            }

            // One entry per forward argument: hidden, cos, sin, mask, layer, index.
            return [gradInput, null!, null!, null!, null!, null!];
        }
    }
}
