using System.Text.RegularExpressions;
using PureHDF.Filters;

namespace PllmML.Data.Hdf5;

/// <summary>
/// The HDF5 filters h5py users meet, made readable: PureHDF brings deflate (gzip), shuffle, Fletcher-32 (verified)
/// and scale-offset; this adds h5py's LZF and replaces Fletcher-32 with a copying one (see
/// <see cref="Fletcher32Filter"/>). Also turns PureHDF's filter errors into messages for users.
/// </summary>
internal static partial class HdfFilters
{
    private static readonly Lazy<bool> Registration = new(() =>
    {
        H5Filter.Register(new LzfFilter());
        H5Filter.Register(new Fletcher32Filter());
        return true;
    });

    /// <summary>Registers the filters PureHDF lacks; cheap after the first call.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    /// <summary>What a failed dataset read means to a user, from PureHDF's exception chain.</summary>
    /// <param name="exception">What PureHDF threw.</param>
    public static string Explain(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        var missing = MissingFilter().Match(innermost.Message);
        if (missing.Success)
        {
            return $"the dataset is compressed with the HDF5 filter '{missing.Groups[1].Value}' (id "
                + $"{missing.Groups[2].Value}), which PllmML does not read (it reads gzip, lzf, shuffle, fletcher32 and "
                + "scale-offset); rewrite the file with e.g. anndata: adata.write_h5ad(path, compression=\"gzip\")";
        }

        if (innermost.Message.Contains("Fletcher32", StringComparison.OrdinalIgnoreCase))
        {
            return "a chunk fails its Fletcher-32 checksum: the stored bytes were altered (damaged file)";
        }

        return innermost is InvalidDataException
            ? innermost.Message
            : $"cannot read the dataset ({innermost.Message})";
    }

    [GeneratedRegex(@"Could not find filter '([^']*)' with ID '(\d+)'")]
    private static partial Regex MissingFilter();
}
