using System.Globalization;
using PllmML.Data.Text;

namespace PllmML.Data.TenX;

/// <summary>The banner and size line of a MatrixMarket <c>coordinate</c> file, as 10x folders use it.</summary>
/// <param name="IsInteger">Whether the field is <c>integer</c> (else <c>real</c>).</param>
/// <param name="Rows">Declared rows (genes in a 10x matrix).</param>
/// <param name="Columns">Declared columns (cells).</param>
/// <param name="StoredCount">Declared number of entries.</param>
/// <param name="MetadataJson">The JSON of a <c>%metadata_json:</c> comment, if any.</param>
internal sealed record MatrixMarketHeader(bool IsInteger, int Rows, int Columns, int StoredCount, string? MetadataJson)
{
    public const string Banner = "%%MatrixMarket";
    public const string MetadataPrefix = "%metadata_json:";

    /// <summary>Reads the banner, the comments and the size line; the reader is left before the first entry.</summary>
    /// <param name="reader">The open file.</param>
    public static MatrixMarketHeader Read(LineReader reader)
    {
        if (!reader.TryReadLine(out var banner))
        {
            throw reader.Error($"the file is empty; expected the banner '{Banner} matrix coordinate integer general'");
        }

        var isInteger = ParseBanner(reader, banner);
        string? metadata = null;
        while (reader.TryReadLine(out var line))
        {
            if (line.StartsWith('%'))
            {
                metadata ??= line.StartsWith(MetadataPrefix, StringComparison.Ordinal)
                    ? line[MetadataPrefix.Length..].Trim()
                    : null;
                continue;
            }

            if (!string.IsNullOrWhiteSpace(line))
            {
                return ParseSize(reader, line, isInteger, metadata);
            }
        }

        throw reader.Error("the file ends before the size line 'rows columns entries'");
    }

    /// <summary>Whether a line between entries carries no entry (a comment or a blank line).</summary>
    /// <param name="line">The line.</param>
    public static bool IsSkipped(string line) => line.Length == 0 || line[0] == '%' || string.IsNullOrWhiteSpace(line);

    /// <summary>Shortens a line for an error message.</summary>
    /// <param name="line">The line.</param>
    public static string Quote(string line) => line.Length <= 60 ? $"'{line}'" : $"'{line[..60]}…'";

    private static bool ParseBanner(LineReader reader, string banner)
    {
        var tokens = banner.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != 5 || !tokens[0].Equals(Banner, StringComparison.OrdinalIgnoreCase)
            || !tokens[1].Equals("matrix", StringComparison.OrdinalIgnoreCase))
        {
            throw reader.Error(
                $"expected the banner '{Banner} matrix coordinate integer general', found {Quote(banner)}");
        }

        var format = tokens[2].ToLowerInvariant();
        var field = tokens[3].ToLowerInvariant();
        var symmetry = tokens[4].ToLowerInvariant();
        if (format != "coordinate")
        {
            throw Unsupported(reader, $"the format '{tokens[2]}'", "coordinate");
        }

        if (field is not ("integer" or "real"))
        {
            throw Unsupported(reader, $"the field '{tokens[3]}'", "integer or real");
        }

        if (symmetry != "general")
        {
            throw Unsupported(reader, $"the symmetry '{tokens[4]}'", "general");
        }

        return field == "integer";
    }

    private static DataFormatException Unsupported(LineReader reader, string what, string supported) =>
        reader.Error($"MatrixMarket {what} is not supported; 10x count matrices are '{supported}'");

    private static MatrixMarketHeader ParseSize(LineReader reader, string line, bool isInteger, string? metadata)
    {
        var tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length != 3
            || !int.TryParse(tokens[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            || !int.TryParse(tokens[1], NumberStyles.None, CultureInfo.InvariantCulture, out var columns)
            || !long.TryParse(tokens[2], NumberStyles.None, CultureInfo.InvariantCulture, out var stored))
        {
            throw reader.Error(
                $"expected the size line 'rows columns entries' (three non-negative integers), found {Quote(line)}");
        }

        if (stored > (long)rows * columns)
        {
            throw reader.Error($"the size line declares {stored} entries, more than {rows} rows × {columns} columns");
        }

        if (stored > Array.MaxLength)
        {
            throw reader.Error($"the size line declares {stored} entries; at most {Array.MaxLength} are supported");
        }

        return new MatrixMarketHeader(isInteger, rows, columns, (int)stored, metadata);
    }
}
