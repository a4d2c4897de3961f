using System.Globalization;

namespace PllmML.Homology.Embeddings;

/// <summary>Float scores as doubles that print like the float (1.0000029, not 1.0000028610229492), as numpy writes float32.</summary>
internal static class FloatScores
{
    public static double ToDouble(float score) =>
        double.Parse(score.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
