using System.Runtime.ExceptionServices;
using static TorchSharp.torch;

namespace Sharpen.Training.Recipes;

/// <summary>
/// Long-lived threads that share a training step between the cores as data parallelism: each runs libtorch's operators
/// on one intra-op thread of its own and works on its own rows, instead of every operator being split over all cores.
/// </summary>
/// <remarks>
/// <para>Why: a step is thousands of operators, and splitting each over the cores costs a barrier per operator plus
/// whatever runs on one thread between them (the managed dispatch, autograd's bookkeeping), during which the other cores
/// wait. On the SmolLM2-135M shape at batch 4 × 256, one thread reaches 80% of its matmul-only ceiling for LoRA bf16 and
/// 68% for full bf16, two threads splitting each operator 69% and 66% (bench/README.md).</para>
/// <para>libtorch (OpenMP) keeps the intra-op thread count per thread: each worker sets its own to 1 on start, then the
/// creating thread's count is put back, since <c>set_num_threads</c> also changes the default new threads start with.</para>
/// </remarks>
internal sealed class StepWorkers : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _go;
    private readonly CountdownEvent _done;
    private readonly Exception?[] _errors;
    private Action<int>? _work;
    private volatile bool _stopping;

    public StepWorkers(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var creatorThreads = get_num_threads();
        _go = [.. Enumerable.Range(0, count).Select(_ => new SemaphoreSlim(0))];
        _errors = new Exception?[count];
        _done = new CountdownEvent(count);
        _threads = new Thread[count];
        for (var w = 0; w < count; w++)
        {
            var index = w;
            _threads[w] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"sharpen-step-{w}" };
            _threads[w].Start();
        }

        _done.Wait();
        set_num_threads(creatorThreads);
        ThrowIfFailed();
    }

    public int Count => _threads.Length;

    /// <summary>Runs <paramref name="body"/>(worker index) on every worker at once and returns when all are done.</summary>
    /// <remarks>A worker's exception is rethrown as it was (several as an <see cref="AggregateException"/>) once all are done.</remarks>
    public void Run(Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(_stopping, this);
        _work = body;
        _done.Reset();
        foreach (var go in _go)
        {
            go.Release();
        }

        _done.Wait();
        _work = null;
        ThrowIfFailed();
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        foreach (var go in _go)
        {
            go.Release();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        foreach (var go in _go)
        {
            go.Dispose();
        }

        _done.Dispose();
    }

    private void Loop(int index)
    {
        try
        {
            // The first query fixes this thread's count from the process default; the set then makes it one.
            _ = get_num_threads();
            set_num_threads(1);
        }
        catch (Exception ex)
        {
            _errors[index] = ex;
        }

        _done.Signal();
        while (true)
        {
            _go[index].Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!(index);
            }
            catch (Exception ex)
            {
                _errors[index] = ex;
            }
            finally
            {
                _done.Signal();
            }
        }
    }

    private void ThrowIfFailed()
    {
        var errors = _errors.Where(e => e is not null).Select(e => e!).ToList();
        Array.Clear(_errors);
        if (errors.Count == 1)
        {
            ExceptionDispatchInfo.Throw(errors[0]);
        }

        if (errors.Count > 1)
        {
            throw new AggregateException("A training worker failed.", errors);
        }
    }
}
