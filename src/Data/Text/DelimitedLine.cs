namespace PllmML.Data.Text;

/// <summary>
/// Splits one line of a delimited text table (TSV, CSV) into fields, honouring double quotes the way pandas and R
/// write them: a quoted field may hold the delimiter, and a doubled quote inside it stands for one quote.
/// </summary>
internal static class DelimitedLine
{
    /// <summary>Splits the line.</summary>
    /// <param name="line">The line, without its line ending.</param>
    /// <param name="delimiter">The field separator.</param>
    /// <param name="fields">Receives the fields; cleared first.</param>
    /// <returns>Null on success, else what is wrong (an unterminated quote).</returns>
    public static string? Split(string line, char delimiter, List<string> fields)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(fields);
        fields.Clear();
        if (line.IndexOf('"', StringComparison.Ordinal) < 0)
        {
            fields.AddRange(line.Split(delimiter));
            return null;
        }

        var field = new System.Text.StringBuilder();
        var position = 0;
        while (true)
        {
            field.Clear();
            if (position < line.Length && line[position] == '"')
            {
                position++;
                while (true)
                {
                    if (position >= line.Length)
                    {
                        return $"a quoted field that starts in column {fields.Count + 1} is not closed";
                    }

                    if (line[position] == '"')
                    {
                        if (position + 1 < line.Length && line[position + 1] == '"')
                        {
                            field.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    field.Append(line[position++]);
                }

                if (position < line.Length && line[position] != delimiter)
                {
                    return $"text follows the closing quote of field {fields.Count + 1}";
                }
            }
            else
            {
                var end = line.IndexOf(delimiter, position);
                end = end < 0 ? line.Length : end;
                field.Append(line, position, end - position);
                position = end;
            }

            fields.Add(field.ToString());
            if (position >= line.Length)
            {
                return null;
            }

            position++;
        }
    }
}
