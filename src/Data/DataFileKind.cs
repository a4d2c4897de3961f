namespace PllmML.Data;

/// <summary>The kinds of input file PllmML reads.</summary>
public enum DataFileKind
{
    /// <summary>An anndata <c>.h5ad</c> file (HDF5).</summary>
    H5ad,

    /// <summary>A 10x Genomics (Cell Ranger MEX) folder: matrix.mtx, features/genes.tsv, barcodes.tsv.</summary>
    TenXFolder,

    /// <summary>Cell Ranger's HDF5 feature-barcode matrix (<c>filtered_feature_bc_matrix.h5</c>).</summary>
    TenXH5,

    /// <summary>A protein FASTA file (Ensembl, UniProt or plain headers), possibly gzipped.</summary>
    ProteinFasta,

    /// <summary>An ortholog table: a BioMart homologue export, a gene-pair CSV or the CACIMAR table.</summary>
    OrthologTable,
}
