// Training tests share libtorch's global state (thread count, the default generator, live tensor counts) and the
// machine's two cores: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
