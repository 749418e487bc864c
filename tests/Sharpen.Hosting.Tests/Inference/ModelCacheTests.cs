using Sharpen.Hosting.Inference;
using Sharpen.Hosting.Models;
using Sharpen.TestKit;

namespace Sharpen.Hosting.Tests.Inference;

public sealed class ModelCacheTests
{
    private static ModelRegistry Registry(params string[] ids)
    {
        var registry = new ModelRegistry(null);
        foreach (var id in ids)
        {
            registry.Register(id, SharedData.Path("models", "stories260K-hf"));
        }

        return registry;
    }

    [Fact]
    public async Task AcquireAsync_BeyondCapacity_EvictsTheLeastRecentlyUsedIdleModel()
    {
        using var cache = new ModelCache(Registry("a", "b", "c"), capacity: 2);

        (await cache.AcquireAsync("a")).Dispose();
        (await cache.AcquireAsync("b")).Dispose();
        (await cache.AcquireAsync("a")).Dispose();
        (await cache.AcquireAsync("c")).Dispose();

        Assert.Equal(["c", "a"], cache.LoadedModelIds);
    }

    [Fact]
    public async Task AcquireAsync_SameModel_WaitsUntilTheHolderReleasesIt()
    {
        using var cache = new ModelCache(Registry("a"), capacity: 1);
        var first = await cache.AcquireAsync("a");

        var second = cache.AcquireAsync("a");
        await Task.Delay(100);
        Assert.False(second.IsCompleted);

        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(first.Model, lease.Model);
    }

    [Fact]
    public async Task AcquireAsync_ModelInUse_IsNotEvictedEvenOverCapacity()
    {
        using var cache = new ModelCache(Registry("a", "b"), capacity: 1);
        using var held = await cache.AcquireAsync("a");

        (await cache.AcquireAsync("b")).Dispose();

        Assert.Contains("a", cache.LoadedModelIds);
        Assert.Equal(["a"], cache.LoadedModelIds);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_LeavesTheModelUsable()
    {
        using var cache = new ModelCache(Registry("a"), capacity: 1);
        var first = await cache.AcquireAsync("a");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.AcquireAsync("a", cts.Token));

        first.Dispose();
        using var again = await cache.AcquireAsync("a").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(again.Model);
    }

    [Fact]
    public async Task AcquireAsync_UnknownModel_ThrowsModelNotFound()
    {
        using var cache = new ModelCache(Registry(), capacity: 1);

        var ex = await Assert.ThrowsAsync<ModelNotFoundException>(() => cache.AcquireAsync("nope"));
        Assert.Equal("nope", ex.ModelId);
    }
}
