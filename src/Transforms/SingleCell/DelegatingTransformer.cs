using Microsoft.ML;
using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>
/// Base of the PllmML transformers: a façade over an inner chain of ML.NET built-in transforms (<c>MapValue</c> for
/// the fitted state, <c>CustomMapping</c> for the math). Transforming and saving are delegated to that chain, so a
/// model that contains these transformers saves with <c>mlContext.Model.Save</c> and loads with
/// <c>mlContext.Model.Load</c> (as a <see cref="TransformerChain{TLastTransformer}"/>) with no registration.
/// </summary>
public abstract class DelegatingTransformer : ITransformer
{
    /// <summary>Wraps the fitted inner chain.</summary>
    /// <param name="inner">The inner transformer.</param>
    protected DelegatingTransformer(ITransformer inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The inner chain of built-in transforms.</summary>
    public ITransformer Inner { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => Inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Inner.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Inner.Transform(input);

    /// <inheritdoc />
    void ICanSaveModel.Save(ModelSaveContext ctx) => Inner.Save(ctx);
}
