namespace PllmML.Data.Orthologs;

/// <summary>The Ensembl BioMart homology type of a row (column <c>&lt;Species&gt; homology type</c>).</summary>
public enum HomologyType
{
    /// <summary>The field is empty: the query gene has no homolog in this row.</summary>
    None,

    /// <summary><c>ortholog_one2one</c>.</summary>
    OneToOne,

    /// <summary><c>ortholog_one2many</c>.</summary>
    OneToMany,

    /// <summary><c>ortholog_many2many</c>.</summary>
    ManyToMany,

    /// <summary>Any other value (for example a paralog type); the text is kept in
    /// <see cref="BiomartHomolog.HomologyTypeName"/>.</summary>
    Other,
}
