using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Keys the state lookup of a format-2 stage: <see cref="StageChain.StateKeyColumn"/> is the cell's species on the
/// first row of that species in a cursor and empty on every later one, so the <c>MapValue</c> lookup behind it (which
/// copies the whole state vector into every row it finds a key for) copies each species' state once per cursor.
/// </summary>
/// <remarks>
/// The species met so far live in the output row object, which ML.NET's custom mapping creates once per cursor (per
/// prediction engine). ML.NET's <c>StatefulCustomMapping</c> would be the obvious home, but its cursor binds all of
/// its inputs even when none of its outputs is requested and then fails on an inactive column (ML.NET 5.0.1).
/// </remarks>
[CustomMappingFactoryAttribute(ContractName)]
internal sealed class StateKeyMapping : CustomMappingFactory<StateKeyMapping.Input, StateKeyMapping.Output>
{
    /// <summary>The contract name saved in models.</summary>
    public const string ContractName = "PllmML.SingleCell.StateKey.v1";

    /// <inheritdoc />
    public override Action<Input, Output> GetMapping() => static (input, output) =>
        output.StateKey = output.Seen.Add(input.Species) ? input.Species : string.Empty;

    /// <summary>Input row.</summary>
    public sealed class Input
    {
        /// <summary>The species.</summary>
        public string Species { get; set; } = string.Empty;
    }

    /// <summary>Output row.</summary>
    public sealed class Output
    {
        /// <summary>The species on its first row in the cursor, else empty.</summary>
        [ColumnName(StageChain.StateKeyColumn)]
        public string StateKey { get; set; } = string.Empty;

        /// <summary>The species met so far in this cursor (not a column).</summary>
        [NoColumn]
        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);
    }
}
