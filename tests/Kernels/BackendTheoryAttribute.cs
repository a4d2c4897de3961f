using Xunit.Sdk;

namespace PllmML.Kernels.Tests;

/// <summary>The theory form of <see cref="BackendFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("PllmML.Kernels.Tests.BackendFactDiscoverer", "PllmML.Kernels.Tests")]
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BackendTheoryAttribute : TheoryAttribute;
