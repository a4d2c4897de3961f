using System.Text;

namespace PllmML.Data.Orthologs;

/// <summary>
/// Writes delimited text lines the way pandas <c>to_csv</c> does: <c>\n</c> line endings, and a field quoted only
/// when it holds the delimiter, a quote or a line break (a quote inside is doubled).
/// </summary>
internal static class DelimitedLineWriter
{
    /// <summary>Opens a file for writing as UTF-8 without a byte-order mark, replacing it.</summary>
    /// <param name="path">The file.</param>
    public static StreamWriter Create(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new StreamWriter(path, append: false, new UTF8Encoding(false));
    }

    /// <summary>Checks that a delimiter can be written unambiguously.</summary>
    /// <param name="delimiter">The field separator.</param>
    /// <exception cref="ArgumentException">It is a quote or a line break.</exception>
    public static void CheckDelimiter(char delimiter)
    {
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The delimiter cannot be a quote or a line break.", nameof(delimiter));
        }
    }

    /// <summary>Writes one line.</summary>
    /// <param name="writer">The output.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="fields">The fields, unquoted.</param>
    public static void WriteLine(TextWriter writer, char delimiter, IEnumerable<string> fields)
    {
        writer.Write(string.Join(delimiter, fields.Select(field => Quote(field, delimiter))));
        writer.Write('\n');
    }

    private static string Quote(string field, char delimiter)
    {
        var plain = field.AsSpan().IndexOfAny("\"\r\n") < 0 && !field.Contains(delimiter, StringComparison.Ordinal);
        return plain ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
