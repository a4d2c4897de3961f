using System.Globalization;

namespace PllmML.Comparative;

/// <summary>CSV fields as pandas and R read them back.</summary>
internal static class Csv
{
    public static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    public static string Number(double value) =>
        double.IsNaN(value) ? "NA" : value.ToString("R", CultureInfo.InvariantCulture);
}
