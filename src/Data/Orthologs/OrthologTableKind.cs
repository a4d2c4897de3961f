namespace PllmML.Data.Orthologs;

/// <summary>The layout of an ortholog table, as <see cref="OrthologTableReader"/> detects it from the header.</summary>
public enum OrthologTableKind
{
    /// <summary>An Ensembl BioMart homologue export: a <c>&lt;Species&gt; homology type</c> column is present.</summary>
    Biomart,

    /// <summary>A CACIMAR table: <c>Type</c> plus <c>&lt;a&gt;_ID</c>, <c>&lt;a&gt;_Symbol</c>, <c>&lt;b&gt;_ID</c>, <c>&lt;b&gt;_Symbol</c>.</summary>
    Cacimar,

    /// <summary>Any other table of two or more columns: two gene columns, then numeric or text columns.</summary>
    GenePairs,

    /// <summary>A gene table of three or more species: three or more columns named <c>&lt;species&gt; gene name</c>.</summary>
    MultiSpecies,
}
