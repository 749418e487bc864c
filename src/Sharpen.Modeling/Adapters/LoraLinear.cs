using Sharpen.Modeling.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sharpen.Modeling.Adapters;

/// <summary>
/// A linear projection with a frozen base and a trainable low-rank update (LoRA, Hu et al. 2021):
/// <c>y = x·Wᵀ + b + (dropout(x)·Aᵀ·Bᵀ) · scaling</c>. The base keeps <c>nn.Linear</c>'s parameter names
/// (<c>weight</c>, <c>bias</c>) so a Hugging Face checkpoint loads into it unchanged; the adapter is <c>lora_A.weight</c>
/// [r, in] and <c>lora_B.weight</c> [out, r], the names peft's <c>LoraLayer</c> uses, so an adapter file maps 1:1.
/// </summary>
/// <remarks>
/// <para>Initialisation follows peft: A ~ U(−1/√in, 1/√in) (<c>kaiming_uniform_(a=√5)</c>), B = 0, so a fresh adapter leaves
/// the model's output exactly unchanged.</para>
/// <para>Mixed precision: the base may be stored in bfloat16 (or, after <see cref="QuantizeBase"/>, in NF4) while A and B
/// always stay float32, because optimiser updates of small low-rank matrices lose too much in bfloat16. The LoRA path is
/// computed in the activation dtype — A and B are cast per call, as <c>torch.autocast</c> casts weights — so a bfloat16
/// model runs its whole forward in bfloat16; gradients flow back through the cast into the float32 parameters.</para>
/// </remarks>
public sealed class LoraLinear : nn.Module<Tensor, Tensor>
{
    private readonly Linear lora_A;
    private readonly Linear lora_B;
    private Parameter? weight;
    private Parameter? bias;
    private Nf4Tensor? _quantized;
    private bool _merged;

    /// <param name="inFeatures">input width</param>
    /// <param name="outFeatures">output width</param>
    /// <param name="rank">rank r of the update (≥ 1)</param>
    /// <param name="alpha">scale numerator: the update is multiplied by alpha / r (alpha / √r with rsLoRA)</param>
    /// <param name="dropout">dropout probability on the adapter's input, in [0, 1)</param>
    /// <param name="useRsLora">scale by alpha / √r (rank-stabilised LoRA)</param>
    /// <param name="hasBias">whether the base has a bias (it stays frozen too)</param>
    /// <param name="dtype">dtype of the base weight; the adapter is always float32</param>
    /// <param name="generator">random source for the initial base and A values (null: the global generator)</param>
    public LoraLinear(
        int inFeatures,
        int outFeatures,
        int rank,
        double alpha,
        double dropout,
        bool useRsLora = false,
        bool hasBias = false,
        ScalarType dtype = ScalarType.Float32,
        Generator? generator = null)
        : base(nameof(LoraLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outFeatures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (!double.IsFinite(alpha) || alpha <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "LoRA alpha must be a positive number.");
        }

        if (!double.IsFinite(dropout) || dropout < 0 || dropout >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "LoRA dropout must be in [0, 1).");
        }

        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Rank = rank;
        Alpha = alpha;
        Scaling = useRsLora ? alpha / Math.Sqrt(rank) : alpha / rank;
        BaseDType = dtype;
        Dropout = dropout;

        // nn.Linear's default init (bound 1/√in for weight and bias), so a LoRA model without a checkpoint behaves like a
        // plain one; a checkpoint load overwrites these values.
        var bound = 1.0 / Math.Sqrt(inFeatures);
        using (no_grad())
        {
            weight = new Parameter(empty(outFeatures, inFeatures, dtype: dtype).uniform_(-bound, bound, generator), requires_grad: false);
            if (hasBias)
            {
                bias = new Parameter(empty(outFeatures, dtype: dtype).uniform_(-bound, bound, generator), requires_grad: false);
            }

            lora_A = nn.Linear(inFeatures, rank, hasBias: false, dtype: ScalarType.Float32);
            lora_A.weight!.uniform_(-bound, bound, generator);
            lora_B = nn.Linear(rank, outFeatures, hasBias: false, dtype: ScalarType.Float32);
            lora_B.weight!.zero_();
        }

        RegisterComponents();
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    public int Rank { get; }

    public double Alpha { get; }

    /// <summary>Dropout probability on the adapter's input while training (<see cref="CounterDropout"/>).</summary>
    public double Dropout { get; }

    /// <summary>alpha / r, or alpha / √r with rsLoRA.</summary>
    public double Scaling { get; }

    /// <summary>The dtype the base weight was built in (and is exported in).</summary>
    public ScalarType BaseDType { get; }

    /// <summary>A [r, in], float32, trainable.</summary>
    public Parameter LoraA => lora_A.weight!;

    /// <summary>B [out, r], float32, trainable, zero at construction.</summary>
    public Parameter LoraB => lora_B.weight!;

    /// <summary>The frozen base weight [out, in]; null once the base is NF4-quantised.</summary>
    public Parameter? Weight => weight;

    /// <summary>The frozen base bias, if any.</summary>
    public Parameter? Bias => bias;

    /// <summary>Whether the base is stored in NF4 (see <see cref="QuantizeBase"/>).</summary>
    public bool IsQuantized => _quantized is not null;

    /// <summary>Whether the update has been folded into the base weight by <see cref="Merge"/>.</summary>
    public bool IsMerged => _merged;

    /// <summary>The NF4 storage of the base after <see cref="QuantizeBase"/>; null while the base is plain.</summary>
    public Nf4Tensor? QuantizedWeight => _quantized;

    /// <summary>Bytes the frozen base weight occupies (plain or NF4), bias excluded.</summary>
    public long BaseWeightBytes => _quantized?.StorageBytes ?? (weight!.numel() * weight.ElementSize);

    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = NewDisposeScope();
        var result = BaseForward(input);
        if (!_merged)
        {
            var dropped = CounterDropout.Apply(input, Dropout, training);
            var down = nn.functional.linear(dropped, Cast(LoraA, input.dtype));
            var up = nn.functional.linear(down, Cast(LoraB, input.dtype));
            result = result.add(up, alpha: Scaling); // one kernel for result + scaling · up
        }

        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// W + scaling · B·A as a new tensor in <paramref name="dtype"/> (default: <see cref="BaseDType"/>), computed in float32.
    /// For an NF4 base, W is the dequantised weight. The layer itself is not changed.
    /// </summary>
    public Tensor MergedWeight(ScalarType? dtype = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var baseWeight = _quantized is not null ? Nf4.Dequantize(_quantized, ScalarType.Float32) : weight!.to(ScalarType.Float32);
        var merged = _merged ? baseWeight : baseWeight + (LoraB.matmul(LoraA) * Scaling);
        return merged.to(dtype ?? BaseDType).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Folds the update into the base weight for faster inference (the LoRA path is then skipped). Not available for an
    /// NF4 base, which cannot hold the merged values; export a merged model instead.
    /// </summary>
    public void Merge()
    {
        ThrowIfQuantized("merge");
        if (_merged)
        {
            return;
        }

        using var noGrad = no_grad();
        using var merged = MergedWeight(BaseDType);
        weight!.copy_(merged);
        _merged = true;
    }

    /// <summary>Undoes <see cref="Merge"/> by subtracting the update again (exact only up to the base dtype's rounding).</summary>
    public void Unmerge()
    {
        ThrowIfQuantized("unmerge");
        if (!_merged)
        {
            return;
        }

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var restored = weight!.to(ScalarType.Float32) - (LoraB.matmul(LoraA) * Scaling);
        weight.copy_(restored.to(BaseDType));
        _merged = false;
    }

    /// <summary>
    /// Replaces the base weight by its NF4 form (QLoRA, Dettmers et al. 2023) and frees the full-precision tensor: the
    /// <c>weight</c> parameter disappears from <c>named_parameters()</c>, so quantise only after the checkpoint is loaded.
    /// The forward pass dequantises to the activation dtype on each call. Idempotent.
    /// </summary>
    /// <remarks>
    /// The base product goes through <see cref="Nf4Linear"/>, which dequantises again in backward instead of letting
    /// autograd keep each layer's dequantised weight from forward to backward, so a training step never holds the base
    /// in more than 4 bits plus one layer's worth of transient full-precision weight.
    /// </remarks>
    public void QuantizeBase(int blockSize = Nf4.DefaultBlockSize)
    {
        if (_quantized is not null)
        {
            return;
        }

        if (_merged)
        {
            throw new InvalidOperationException("Unmerge the adapter before quantising the base: NF4 would bake the update into the frozen weight.");
        }

        var plain = weight!;
        _quantized = Nf4.Quantize(plain, blockSize);
        weight = null;
        ConditionallyRegisterParameter(nameof(weight), null);
        plain.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _quantized?.Dispose();
            _quantized = null;
        }

        base.Dispose(disposing);
    }

    private Tensor BaseForward(Tensor input)
    {
        if (_quantized is null)
        {
            return nn.functional.linear(input, CastIfNeeded(weight, input.dtype)!, CastIfNeeded(bias, input.dtype));
        }

        var product = Nf4Linear.Apply(input, _quantized);
        return bias is null ? product : product + CastIfNeeded(bias, input.dtype)!;
    }

    // Casting only when needed matters: a same-dtype to() would hand back a tensor the dispose scope then frees.
    private static Tensor Cast(Tensor tensor, ScalarType dtype) => tensor.dtype == dtype ? tensor : tensor.to(dtype);

    private static Tensor? CastIfNeeded(Tensor? tensor, ScalarType dtype) =>
        tensor is null || tensor.dtype == dtype ? tensor : tensor.to(dtype);

    private void ThrowIfQuantized(string operation)
    {
        if (_quantized is not null)
        {
            throw new InvalidOperationException($"Cannot {operation} a LoRA layer whose base is NF4-quantised; export a merged model instead.");
        }
    }
}
