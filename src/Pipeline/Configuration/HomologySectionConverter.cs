using System.Text.Json;
using System.Text.Json.Serialization;

namespace PllmML.Pipeline.Configuration;

/// <summary>
/// Reads the <c>homology</c> section as an object (<see cref="HomologyConfiguration"/>) or as a list of tables
/// (<c>[ { "path": …, "species": … }, … ]</c>, which becomes <see cref="HomologyConfiguration.Tables"/>); errors keep
/// the field's path below <c>homology</c>.
/// </summary>
internal sealed class HomologySectionConverter : JsonConverter<HomologyConfiguration>
{
    public override HomologyConfiguration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                var tables = JsonSerializer.Deserialize<List<HomologyTableConfiguration>>(ref reader, options)!;
                return new HomologyConfiguration { Tables = tables };
            }

            return JsonSerializer.Deserialize<HomologyConfiguration>(ref reader, options)
                ?? throw new JsonException("null is not allowed here (leave the key out for its default)");
        }
        catch (JsonException exception) when (exception.Path is { } inner && inner.StartsWith('$'))
        {
            var message = exception.Message;
            var end = message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new JsonException(end > 0 ? message[..end] : message, "$.homology" + inner[1..], exception.LineNumber, exception.BytePositionInLine, exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, HomologyConfiguration value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options);
}
