namespace Sharpen.Modeling.Tests.Adapters;

/// <summary>
/// Adapter and quantisation tests build models, draw random tensors and run dropout, all of which advance libtorch's
/// global generator. Other test classes seed that generator and then draw from it (TinyModels.Create), so running
/// these beside them in parallel would make those draws racy. xunit runs a collection with parallelisation disabled
/// only after the parallel ones, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTorchCollection
{
    public const string Name = "Serial torch (global RNG)";
}
