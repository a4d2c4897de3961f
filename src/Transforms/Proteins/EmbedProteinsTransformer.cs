using Microsoft.ML;
using Microsoft.ML.Data;

namespace PllmML.Transforms.Proteins;

/// <summary>
/// The fitted <see cref="EmbedProteinsEstimator"/>: a façade over a chain of ML.NET built-ins, to which it delegates
/// transforming and saving. After <c>mlContext.Model.Load</c> the chain comes back as a
/// <c>TransformerChain&lt;ITransformer&gt;</c> that computes the same values.
/// </summary>
public sealed class EmbedProteinsTransformer : ITransformer
{
    private readonly ITransformer _inner;

    internal EmbedProteinsTransformer(ITransformer inner) => _inner = inner;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _inner.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _inner.Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => _inner.Save(ctx);
}
