namespace PllmML.Data;

/// <summary>
/// Single-cell data: a cells × genes matrix with its annotations — the AnnData model in .NET names.
/// Rows are cells (<see cref="Obs"/>), columns are genes (<see cref="Var"/>).
/// </summary>
/// <remarks>
/// Maps one to one onto anndata: <c>X</c> → <see cref="X"/>, <c>obs</c> → <see cref="Obs"/>, <c>var</c> →
/// <see cref="Var"/>, <c>obsm</c> → <see cref="Obsm"/>, <c>varm</c> → <see cref="Varm"/>, <c>layers</c> →
/// <see cref="Layers"/>, <c>raw</c> → <see cref="Raw"/>, <c>uns</c> → <see cref="Uns"/>.
/// </remarks>
public sealed class CellMatrix
{
    /// <summary>Creates the data from a matrix and its row and column annotations.</summary>
    /// <param name="x">The cells × genes matrix.</param>
    /// <param name="obs">Cell annotations; one row per matrix row.</param>
    /// <param name="var">Gene annotations; one row per matrix column.</param>
    /// <exception cref="ArgumentException">The annotation sizes do not match the matrix.</exception>
    public CellMatrix(CsrMatrix x, AnnotationTable obs, AnnotationTable var)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(var);
        if (obs.RowCount != x.RowCount)
        {
            throw new ArgumentException($"obs has {obs.RowCount} rows, X has {x.RowCount} cells.", nameof(obs));
        }

        if (var.RowCount != x.ColumnCount)
        {
            throw new ArgumentException($"var has {var.RowCount} rows, X has {x.ColumnCount} genes.", nameof(var));
        }

        _x = x;
        _rows = x;
        Obs = obs;
        Var = var;
        _source = string.Empty;
    }

    /// <summary>
    /// Creates the data from rows read a block at a time (X of an <c>.h5ad</c> file left on disk; see
    /// <see cref="H5ad.H5adReadOptions.BackedX"/>) and their annotations.
    /// </summary>
    /// <param name="rows">The cells × genes matrix.</param>
    /// <param name="obs">Cell annotations; one row per matrix row.</param>
    /// <param name="var">Gene annotations; one row per matrix column.</param>
    /// <exception cref="ArgumentException">The annotation sizes do not match the matrix.</exception>
    public CellMatrix(ICellRows rows, AnnotationTable obs, AnnotationTable var)
        : this(obs ?? throw new ArgumentNullException(nameof(obs)), var ?? throw new ArgumentNullException(nameof(var)), string.Empty)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows is CsrMatrix matrix)
        {
            _x = matrix;
        }

        if (obs.RowCount != rows.RowCount)
        {
            throw new ArgumentException($"obs has {obs.RowCount} rows, X has {rows.RowCount} cells.", nameof(obs));
        }

        if (var.RowCount != rows.ColumnCount)
        {
            throw new ArgumentException($"var has {var.RowCount} rows, X has {rows.ColumnCount} genes.", nameof(var));
        }

        _rows = rows;
    }

    private CellMatrix(AnnotationTable obs, AnnotationTable var, string source)
    {
        Obs = obs;
        Var = var;
        _source = source;
    }

    private readonly ICellRows? _rows;

    private CsrMatrix? _x;

    private readonly string _source;

    /// <summary>
    /// Data whose file stores no X (anndata ≥ 0.11 writes none when <c>adata.X</c> is <c>None</c>): the annotations,
    /// embeddings and layers are there, and <see cref="X"/> throws <see cref="MissingXException"/> naming the file.
    /// </summary>
    /// <param name="obs">Cell annotations.</param>
    /// <param name="var">Gene annotations.</param>
    /// <param name="source">The file the data came from, for the message.</param>
    public static CellMatrix WithoutX(AnnotationTable obs, AnnotationTable var, string source)
    {
        ArgumentNullException.ThrowIfNull(obs);
        ArgumentNullException.ThrowIfNull(var);
        ArgumentNullException.ThrowIfNull(source);
        return new CellMatrix(obs, var, source);
    }

    /// <summary>Whether the data has a matrix X (false only for files that store none; see <see cref="WithoutX"/>).</summary>
    public bool HasX => _rows is not null;

    /// <summary>Whether X stays on disk and is read a block of cells at a time (<see cref="Rows"/>); false when it is in memory.</summary>
    public bool XIsBacked => _rows is not null and not CsrMatrix;

    /// <summary>
    /// The cells × genes matrix in memory. For X left on disk (<see cref="XIsBacked"/>) this reads all of it, once; a pass
    /// over the cells that should hold one block at a time reads <see cref="Rows"/>.
    /// </summary>
    /// <exception cref="MissingXException">The file the data came from stores no X.</exception>
    public CsrMatrix X => _x ??= Materialise();

    /// <summary>The cells × genes matrix as rows read a block at a time: X itself when it is in memory.</summary>
    /// <exception cref="MissingXException">The file the data came from stores no X.</exception>
    public ICellRows Rows => _rows ?? throw new MissingXException(_source);

    private CsrMatrix Materialise()
    {
        var rows = Rows;
        lock (rows)
        {
            return _x ?? rows.ReadRows(0, rows.RowCount);
        }
    }

    /// <summary>Cell annotations (cell names, cell type, species, donor, …).</summary>
    public AnnotationTable Obs { get; }

    /// <summary>Gene annotations (gene names, gene ids, …).</summary>
    public AnnotationTable Var { get; }

    /// <summary>Number of cells.</summary>
    public int CellCount => Obs.RowCount;

    /// <summary>Number of genes.</summary>
    public int GeneCount => Var.RowCount;

    /// <summary>Cell names (<c>obs_names</c>).</summary>
    public IReadOnlyList<string> CellNames => Obs.Names;

    /// <summary>Gene names (<c>var_names</c>).</summary>
    public IReadOnlyList<string> GeneNames => Var.Names;

    /// <summary>Cell embeddings (<c>obsm</c>), e.g. <c>X_pca</c>; each has one row per cell.</summary>
    public Dictionary<string, DenseMatrix> Obsm { get; } = new(StringComparer.Ordinal);

    /// <summary>Gene embeddings (<c>varm</c>), e.g. <c>PCs</c>; each has one row per gene.</summary>
    public Dictionary<string, DenseMatrix> Varm { get; } = new(StringComparer.Ordinal);

    /// <summary>Other matrices of the same shape as <see cref="X"/> (<c>layers</c>), e.g. <c>counts</c>.</summary>
    public Dictionary<string, CsrMatrix> Layers { get; } = new(StringComparer.Ordinal);

    /// <summary>The raw state (<c>raw</c>), when the file has one.</summary>
    public RawData? Raw { get; set; }

    /// <summary>
    /// Unstructured annotations (<c>uns</c>): values are <see cref="string"/>, <see cref="double"/>,
    /// <see cref="long"/>, <see cref="bool"/>, arrays of those, or nested dictionaries of the same.
    /// </summary>
    public Dictionary<string, object> Uns { get; } = new(StringComparer.Ordinal);

    /// <summary>The cells at the given positions, with their annotations and embeddings.</summary>
    /// <param name="cells">Cell positions.</param>
    public CellMatrix SelectCells(IReadOnlyList<int> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var obs = Obs.SelectRows(cells);
        var var = Var.SelectRows(AllRows(GeneCount));
        var subset = _rows switch
        {
            null => new CellMatrix(obs, var, _source),
            CsrMatrix x => new CellMatrix(x.SelectRows(cells), obs, var),
            _ when _x is not null => new CellMatrix(_x.SelectRows(cells), obs, var),
            _ => new CellMatrix(new CellRowSubset(_rows, cells), obs, var),
        };
        foreach (var (key, embedding) in Obsm)
        {
            subset.Obsm[key] = embedding.SelectRows(cells);
        }

        foreach (var (key, embedding) in Varm)
        {
            subset.Varm[key] = embedding;
        }

        foreach (var (key, layer) in Layers)
        {
            subset.Layers[key] = layer.SelectRows(cells);
        }

        if (Raw is not null)
        {
            subset.Raw = new RawData(Raw.X.SelectRows(cells), Raw.Var);
        }

        foreach (var (key, value) in Uns)
        {
            subset.Uns[key] = value;
        }

        return subset;
    }

    /// <summary>The genes at the given positions, with their annotations; cell embeddings and raw are kept.</summary>
    /// <param name="genes">Gene positions; each at most once.</param>
    public CellMatrix SelectGenes(IReadOnlyList<int> genes)
    {
        ArgumentNullException.ThrowIfNull(genes);
        var obs = Obs.SelectRows(AllRows(CellCount));
        var var = Var.SelectRows(genes);
        var subset = _rows is null ? new CellMatrix(obs, var, _source) : new CellMatrix(X.SelectColumns(genes), obs, var);
        foreach (var (key, embedding) in Obsm)
        {
            subset.Obsm[key] = embedding;
        }

        foreach (var (key, embedding) in Varm)
        {
            subset.Varm[key] = embedding.SelectRows(genes);
        }

        foreach (var (key, layer) in Layers)
        {
            subset.Layers[key] = layer.SelectColumns(genes);
        }

        subset.Raw = Raw;
        foreach (var (key, value) in Uns)
        {
            subset.Uns[key] = value;
        }

        return subset;
    }

    private static int[] AllRows(int count) => Enumerable.Range(0, count).ToArray();
}
