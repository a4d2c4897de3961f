using Xunit.Sdk;

namespace PllmML.Kernels.Tests;

/// <summary>
/// A fact of an abstract backend test class (style §14): it runs once per concrete subclass, and is reported skipped,
/// with the reason, in a subclass whose backend this machine lacks (<see cref="CudaBackendAttribute"/>).
/// </summary>
[XunitTestCaseDiscoverer("PllmML.Kernels.Tests.BackendFactDiscoverer", "PllmML.Kernels.Tests")]
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BackendFactAttribute : FactAttribute;
