using Xunit.Abstractions;
using Xunit.Sdk;

namespace PllmML.Kernels.Tests;

/// <summary>
/// Discovers a <see cref="BackendFactAttribute"/> fact or <see cref="BackendTheoryAttribute"/> theory as xunit does, or
/// as one skipped case naming the reason where the test class's backend is missing.
/// </summary>
public sealed class BackendFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _sink;
    private readonly FactDiscoverer _facts;
    private readonly TheoryDiscoverer _theories;

    /// <summary>Creates the discoverer (xunit calls this).</summary>
    /// <param name="diagnosticMessageSink">Where diagnostics go.</param>
    public BackendFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _sink = diagnosticMessageSink;
        _facts = new FactDiscoverer(diagnosticMessageSink);
        _theories = new TheoryDiscoverer(diagnosticMessageSink);
    }

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        ArgumentNullException.ThrowIfNull(testMethod);
        if (CudaBackendAttribute.SkipReason(testMethod.TestClass.Class) is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return factAttribute is IReflectionAttributeInfo { Attribute: TheoryAttribute }
            ? _theories.Discover(discoveryOptions, testMethod, factAttribute)
            : _facts.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
