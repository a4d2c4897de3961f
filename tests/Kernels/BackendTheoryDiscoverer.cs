using Xunit.Abstractions;
using Xunit.Sdk;

namespace PllmML.Kernels.Tests;

/// <summary>Discovers a <see cref="BackendTheoryAttribute"/> theory: skipped where the test class's backend is missing.</summary>
public sealed class BackendTheoryDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _sink;
    private readonly TheoryDiscoverer _theories;

    /// <summary>Creates the discoverer (xunit calls this).</summary>
    /// <param name="diagnosticMessageSink">Where diagnostics go.</param>
    public BackendTheoryDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _sink = diagnosticMessageSink;
        _theories = new TheoryDiscoverer(diagnosticMessageSink);
    }

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        Skipped(_sink, discoveryOptions, testMethod) ?? _theories.Discover(discoveryOptions, testMethod, factAttribute);

    /// <summary>One skipped case naming the reason when the test class's backend is missing; null otherwise.</summary>
    internal static IXunitTestCase[]? Skipped(IMessageSink sink, ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod) =>
        CudaBackendAttribute.SkipReason(testMethod.TestClass.Class) is { } reason
            ? [new XunitSkippedDataRowTestCase(sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)]
            : null;
}
