// libtorch's thread count is process-wide: a test that sets it while another fits would break the same-seed,
// same-threads determinism the trainer promises, so the deep tests run one at a time.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
