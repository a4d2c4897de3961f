using System.Globalization;
using PllmML.Data.Text;

namespace PllmML.Data.Orthologs;

/// <summary>
/// A delimited text table opened for reading: the header is read and split on opening, the delimiter is detected
/// from it (tab when the header holds a tab, else comma), and every row is checked to have the header's field count.
/// In a comma-separated header, an unquoted name with a comma inside square brackets (BioMart's
/// <c>orthology confidence [0 low, 1 high]</c>) is kept as one name.
/// All errors name the file, the line and, for values, the column.
/// </summary>
internal sealed class DelimitedTable : IDisposable
{
    private readonly LineReader _lines;
    private readonly List<string> _fields = [];
    private string? _pending;

    private DelimitedTable(LineReader lines, char delimiter, IReadOnlyList<string> header)
    {
        _lines = lines;
        Delimiter = delimiter;
        Header = header;
    }

    /// <summary>The file being read.</summary>
    public string FilePath => _lines.FilePath;

    /// <summary>The field separator detected from the header line.</summary>
    public char Delimiter { get; }

    /// <summary>The column names, as written in the header (a byte-order mark is removed).</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The 1-based line number of the row returned last.</summary>
    public long LineNumber => _lines.LineNumber;

    /// <summary>Opens the file and reads its header line.</summary>
    /// <param name="path">The file; gzip is detected from its magic bytes.</param>
    /// <exception cref="DataFormatException">The file is empty or its header cannot be split.</exception>
    public static DelimitedTable Open(string path)
    {
        var lines = TextInput.OpenLines(path);
        try
        {
            if (!lines.TryReadLine(out var headerLine) || headerLine.Length == 0)
            {
                throw lines.Error("the file is empty; expected a header line naming the columns");
            }

            var delimiter = headerLine.Contains('\t', StringComparison.Ordinal) ? '\t' : ',';
            var header = new List<string>();
            if (DelimitedLine.Split(headerLine, delimiter, header) is { } problem)
            {
                throw lines.Error("the header line cannot be split: " + problem);
            }

            return new DelimitedTable(lines, delimiter, delimiter == ',' ? JoinBracketedNames(header) : header);
        }
        catch
        {
            lines.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next data row; blank lines are skipped.</summary>
    /// <param name="fields">The row's fields, valid until the next call; exactly one per header column.</param>
    /// <returns>False at the end of the file.</returns>
    /// <exception cref="DataFormatException">The row has a different number of fields than the header.</exception>
    public bool TryReadRow(out IReadOnlyList<string> fields)
    {
        fields = _fields;
        var line = _pending ?? ReadNonBlankLine();
        _pending = null;
        if (line is null)
        {
            return false;
        }

        if (DelimitedLine.Split(line, Delimiter, _fields) is { } problem)
        {
            throw _lines.Error(problem);
        }

        if (_fields.Count != Header.Count)
        {
            throw _lines.Error(
                $"the row has {_fields.Count} fields but the header has {Header.Count} columns "
                + $"(delimiter {DescribeDelimiter()})");
        }

        return true;
    }

    /// <summary>
    /// Looks at the next data row (blank lines skipped) without consuming it: the next <see cref="TryReadRow"/>
    /// returns it. Errors raised meanwhile through <see cref="Error"/> name its line.
    /// </summary>
    /// <param name="fieldCount">The row's number of fields, when it can be split.</param>
    /// <param name="problem">Why the row cannot be split, or null.</param>
    /// <returns>False at the end of the file.</returns>
    public bool TryPeekRow(out int fieldCount, out string? problem)
    {
        _pending ??= ReadNonBlankLine();
        fieldCount = 0;
        problem = null;
        if (_pending is null)
        {
            return false;
        }

        var fields = new List<string>();
        problem = DelimitedLine.Split(_pending, Delimiter, fields);
        fieldCount = fields.Count;
        return true;
    }

    /// <summary>The index of the column with this name (case-insensitive, surrounding spaces ignored), or -1.</summary>
    /// <param name="name">The column name.</param>
    public int FindColumn(string name)
    {
        for (var column = 0; column < Header.Count; column++)
        {
            if (string.Equals(Header[column].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return column;
            }
        }

        return -1;
    }

    /// <summary>The index of a column that must be present.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="layout">The table layout being read, for the message.</param>
    /// <exception cref="DataFormatException">There is no such column; the message lists the columns found.</exception>
    public int RequireColumn(string name, string layout)
    {
        var column = FindColumn(name);
        return column >= 0
            ? column
            : throw HeaderError($"a {layout} needs the column '{name}', which is missing");
    }

    /// <summary>An error about the header, listing the columns found.</summary>
    /// <param name="problem">What is wrong.</param>
    public DataFormatException HeaderError(string problem) =>
        new(FilePath, "line 1", $"{problem}; the columns found are: {DescribeHeader()}");

    /// <summary>An error about the row returned last.</summary>
    /// <param name="problem">What is wrong.</param>
    public DataFormatException Error(string problem) => _lines.Error(problem);

    /// <summary>An error about one field of the row returned last, naming its column.</summary>
    /// <param name="column">The 0-based column index.</param>
    /// <param name="problem">What is wrong.</param>
    public DataFormatException FieldError(int column, string problem) =>
        _lines.Error($"column {column + 1} '{Header[column]}' {problem}");

    /// <summary>
    /// Parses a number: invariant culture; an empty field, <c>NaN</c>, <c>nan</c> or <c>NA</c> is NaN; a column
    /// index below 0 (an absent optional column) is NaN.
    /// </summary>
    /// <param name="fields">The row.</param>
    /// <param name="column">The 0-based column index, or -1.</param>
    /// <exception cref="DataFormatException">The field is not a number.</exception>
    public double ParseDouble(IReadOnlyList<string> fields, int column)
    {
        if (column < 0)
        {
            return double.NaN;
        }

        var text = fields[column].Trim();
        if (IsMissing(text))
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw FieldError(column, $"holds '{fields[column]}', expected a number (or an empty field)");
    }

    /// <summary>Whether a field is a missing number: empty (after trimming), <c>NaN</c>, <c>nan</c>, <c>NA</c> or <c>NULL</c>.</summary>
    /// <param name="field">The field.</param>
    public static bool IsMissingNumber(string field) => IsMissing(field.Trim());

    /// <summary>Whether a field parses as a number the way <see cref="ParseDouble"/> reads it (invariant culture).</summary>
    /// <param name="field">The field; a missing value does not count as a number here.</param>
    public static bool IsNumber(string field) =>
        double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>Parses a whole number; missing values as in <see cref="ParseDouble"/> give null.</summary>
    /// <param name="fields">The row.</param>
    /// <param name="column">The 0-based column index, or -1.</param>
    /// <exception cref="DataFormatException">The field is not a whole number.</exception>
    public int? ParseInt(IReadOnlyList<string> fields, int column)
    {
        var value = ParseDouble(fields, column);
        if (double.IsNaN(value))
        {
            return null;
        }

        return value == Math.Round(value) && Math.Abs(value) <= int.MaxValue
            ? (int)value
            : throw FieldError(column, $"holds '{fields[column]}', expected a whole number (or an empty field)");
    }

    /// <summary>The field, or an empty string for an absent optional column.</summary>
    /// <param name="fields">The row.</param>
    /// <param name="column">The 0-based column index, or -1.</param>
    public static string Text(IReadOnlyList<string> fields, int column) => column < 0 ? string.Empty : fields[column];

    public void Dispose() => _lines.Dispose();

    private string? ReadNonBlankLine()
    {
        string? line;
        do
        {
            if (!_lines.TryReadLine(out line))
            {
                return null;
            }
        }
        while (line.Length == 0);

        return line;
    }

    private static List<string> JoinBracketedNames(List<string> header)
    {
        var joined = new List<string>(header.Count);
        foreach (var name in header)
        {
            var open = joined.Count > 0 && joined[^1].LastIndexOf('[') > joined[^1].LastIndexOf(']');
            if (open)
            {
                joined[^1] += "," + name;
            }
            else
            {
                joined.Add(name);
            }
        }

        return joined;
    }

    private static bool IsMissing(string text) =>
        text.Length == 0 || text is "NaN" or "nan" or "NA" or "NULL";

    private string DescribeHeader() => string.Join(", ", Header.Select(name => $"'{name}'"));

    private string DescribeDelimiter() => Delimiter == '\t' ? "tab" : "comma";
}
