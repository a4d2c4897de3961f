using Xunit.Abstractions;
using Xunit.Sdk;

namespace PllmML.Kernels.Tests;

/// <summary>Discovers a <see cref="BackendFactAttribute"/> fact: skipped where the test class's backend is missing.</summary>
public sealed class BackendFactDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _sink;
    private readonly FactDiscoverer _facts;

    /// <summary>Creates the discoverer (xunit calls this).</summary>
    /// <param name="diagnosticMessageSink">Where diagnostics go.</param>
    public BackendFactDiscoverer(IMessageSink diagnosticMessageSink)
    {
        _sink = diagnosticMessageSink;
        _facts = new FactDiscoverer(diagnosticMessageSink);
    }

    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        BackendTheoryDiscoverer.Skipped(_sink, discoveryOptions, testMethod)
            ?? _facts.Discover(discoveryOptions, testMethod, factAttribute);
}
