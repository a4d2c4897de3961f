using System.CommandLine;

namespace PllmML.Cli.Commands;

/// <summary>Options that several verbs share, defined once so they read the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<bool> MakeUnique() => new("--make-unique")
    {
        Description = "Rename repeated cell or gene names (anndata's make-unique: later copies get -1, -2, …) "
            + "instead of stopping with an error. 10x gene symbols are always made unique, as scanpy does.",
    };
}
