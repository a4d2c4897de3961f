using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PllmML.Tests.Common;

/// <summary>Saves a fitted transformer to a zip and loads it back in a fresh <see cref="MLContext"/>.</summary>
/// <param name="Save">Writes (context, transformer, input schema, path).</param>
/// <param name="Load">Reads (fresh context, path) back.</param>
internal sealed record ModelRoundTrip(Action<MLContext, ITransformer, DataViewSchema, string> Save, Func<MLContext, string, ITransformer> Load)
{
    /// <summary>Plain <c>mlContext.Model.Save</c> / <c>Load</c>.</summary>
    public static ModelRoundTrip MlNet { get; } = new(
        (mlContext, transformer, schema, path) => mlContext.Model.Save(transformer, schema, path),
        (mlContext, path) => mlContext.Model.Load(path, out _));
}

/// <summary>
/// The contract every PllmML estimator keeps, after ML.NET's <c>TestEstimatorCore</c>
/// (test/Microsoft.ML.TestFramework/DataPipe/TestDataPipeBase.cs): schema propagation, invalid input rejected with
/// <see cref="ArgumentOutOfRangeException"/> or <see cref="InvalidOperationException"/>, fit, save, reload in a fresh
/// <see cref="MLContext"/>, the same schema and bit-identical values, and the row-to-row mapper agreeing with
/// <see cref="ITransformer.Transform"/>.
/// </summary>
internal static class EstimatorContract
{
    /// <summary>Runs the contract.</summary>
    /// <param name="estimator">The estimator.</param>
    /// <param name="validFitInput">Data it fits on (and transforms).</param>
    /// <param name="validTransformInput">Other data the fitted transformer must transform; null for none.</param>
    /// <param name="invalidInput">Data lacking a column the estimator needs; null for none.</param>
    /// <param name="roundTrip">How the model is saved and loaded; plain ML.NET when null.</param>
    /// <returns>The fitted transformer and the reloaded one.</returns>
    public static (ITransformer Fitted, ITransformer Loaded) Verify<TTransformer>(
        IEstimator<TTransformer> estimator, IDataView validFitInput, IDataView? validTransformInput, IDataView? invalidInput,
        ModelRoundTrip? roundTrip = null)
        where TTransformer : class, ITransformer
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(validFitInput);
        roundTrip ??= ModelRoundTrip.MlNet;

        // Schema propagation of the estimator.
        var shape = estimator.GetOutputSchema(ShapeOf(validFitInput.Schema));
        if (invalidInput is not null)
        {
            MustFail("estimator.GetOutputSchema(invalid)", () => estimator.GetOutputSchema(ShapeOf(invalidInput.Schema)));
            MustFail("estimator.Fit(invalid)", () => estimator.Fit(invalidInput));
        }

        ITransformer transformer = estimator.Fit(validFitInput);
        var folder = TestPaths.NewTempFolder();
        ITransformer loaded;
        try
        {
            var path = Path.Combine(folder, "model.zip");
            roundTrip.Save(new MLContext(1), transformer, validFitInput.Schema, path);
            loaded = roundTrip.Load(new MLContext(2), path);
        }
        finally
        {
            Directory.Delete(folder, true);
        }

        CheckOnData(transformer, loaded, validFitInput);
        if (validTransformInput is not null)
        {
            CheckOnData(transformer, loaded, validTransformInput);
        }

        if (invalidInput is not null)
        {
            MustFail("transformer.GetOutputSchema(invalid)", () => transformer.GetOutputSchema(invalidInput.Schema));
            MustFail("transformer.Transform(invalid)", () => transformer.Transform(invalidInput));
            MustFail("loaded.GetOutputSchema(invalid)", () => loaded.GetOutputSchema(invalidInput.Schema));
            MustFail("loaded.Transform(invalid)", () => loaded.Transform(invalidInput));
        }

        // The estimator's schema propagation equals the fitted transformer's.
        CheckSameShape(shape, ShapeOf(transformer.GetOutputSchema(validFitInput.Schema)));
        return (transformer, loaded);
    }

    /// <summary>
    /// ML.NET's <c>SchemaShape.Create(DataViewSchema)</c>: the one way to get the shape of data, but internal (as is
    /// the <c>SchemaShape.Column</c> constructor), so the test reaches it by reflection — test code only; the library
    /// never does this.
    /// </summary>
    private static SchemaShape ShapeOf(DataViewSchema schema) =>
        (SchemaShape)typeof(SchemaShape).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static, [typeof(DataViewSchema)])!.Invoke(null, [schema])!;

    private static void CheckOnData(ITransformer transformer, ITransformer loaded, IDataView data)
    {
        var schema = transformer.GetOutputSchema(data.Schema);
        CheckSameSchemas(schema, loaded.GetOutputSchema(data.Schema));
        var output = transformer.Transform(data);
        var reloaded = loaded.Transform(data);
        CheckSameSchemas(schema, output.Schema);
        CheckSameSchemas(output.Schema, reloaded.Schema);
        var expected = ReadAll(output);
        Assert.True(expected.Count > 0 && expected[0].Count > 0, "The transformed data has no rows.");
        AssertSameValues(expected, ReadAll(reloaded), "original vs reloaded");
        if (transformer.IsRowToRowMapper)
        {
            AssertSameValues(expected, ReadByMapper(transformer.GetRowToRowMapper(data.Schema), data), "Transform vs row-to-row mapper");
        }

        if (loaded.IsRowToRowMapper)
        {
            AssertSameValues(expected, ReadByMapper(loaded.GetRowToRowMapper(data.Schema), data), "Transform vs reloaded row-to-row mapper");
        }
    }

    private static void MustFail(string what, Action action)
    {
        try
        {
            action();
        }
        catch (ArgumentOutOfRangeException)
        {
            return;
        }
        catch (InvalidOperationException)
        {
            return;
        }

        Assert.Fail($"{what} did not throw ArgumentOutOfRangeException or InvalidOperationException.");
    }

    private static void CheckSameSchemas(DataViewSchema first, DataViewSchema second)
    {
        Assert.Equal(
            first.Select(column => (column.Name, column.Type.ToString(), column.IsHidden)),
            second.Select(column => (column.Name, column.Type.ToString(), column.IsHidden)));
    }

    private static void CheckSameShape(SchemaShape propagated, SchemaShape fitted)
    {
        var first = propagated.OrderBy(column => column.Name, StringComparer.Ordinal).ToArray();
        var second = fitted.OrderBy(column => column.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(first.Select(column => column.Name), second.Select(column => column.Name));
        for (var i = 0; i < first.Length; i++)
        {
            // IsCompatibleWith is internal to ML.NET; these are the parts it compares (a key's count is not in a shape).
            Assert.True(first[i].Kind == second[i].Kind && first[i].IsKey == second[i].IsKey && first[i].ItemType.RawType == second[i].ItemType.RawType,
                $"Column '{first[i].Name}': propagated {first[i].Kind} {first[i].ItemType}, fitted {second[i].Kind} {second[i].ItemType}.");
        }
    }

    /// <summary>Every visible column's values, as one list of boxed values per column (floats as their bits).</summary>
    private static List<List<object>> ReadAll(IDataView data)
    {
        var columns = data.Schema.Where(column => !column.IsHidden).ToArray();
        var values = columns.Select(_ => new List<object>()).ToList();
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(column => Getter(cursor, column)).ToArray();
        while (cursor.MoveNext())
        {
            for (var i = 0; i < columns.Length; i++)
            {
                values[i].Add(getters[i]());
            }
        }

        return values;
    }

    private static List<List<object>> ReadByMapper(IRowToRowMapper mapper, IDataView input)
    {
        var columns = mapper.OutputSchema.Where(column => !column.IsHidden).ToArray();
        var values = columns.Select(_ => new List<object>()).ToList();
        using var cursor = input.GetRowCursor(mapper.GetDependencies(columns));
        using var row = mapper.GetRow(cursor, columns);
        var getters = columns.Select(column => Getter(row, column)).ToArray();
        while (cursor.MoveNext())
        {
            for (var i = 0; i < columns.Length; i++)
            {
                values[i].Add(getters[i]());
            }
        }

        return values;
    }

    private static void AssertSameValues(List<List<object>> expected, List<List<object>> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var column = 0; column < expected.Count; column++)
        {
            Assert.True(expected[column].SequenceEqual(actual[column], ValueComparer.Instance), $"{what}: column {column} differs.");
        }
    }

    private static Func<object> Getter(DataViewRow row, DataViewSchema.Column column)
    {
        var type = column.Type is VectorDataViewType vector ? vector.ItemType.RawType : column.Type.RawType;
        var method = typeof(EstimatorContract).GetMethod(column.Type is VectorDataViewType ? nameof(VectorGetter) : nameof(ScalarGetter), BindingFlags.NonPublic | BindingFlags.Static)!;
        return (Func<object>)method.MakeGenericMethod(type).Invoke(null, [row, column])!;
    }

    private static Func<object> ScalarGetter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<T>(column);
        return () =>
        {
            T value = default!;
            getter(ref value);
            return Canonical(value!);
        };
    }

    private static Func<object> VectorGetter<T>(DataViewRow row, DataViewSchema.Column column)
    {
        var getter = row.GetGetter<VBuffer<T>>(column);
        return () =>
        {
            VBuffer<T> value = default;
            getter(ref value);
            return value.DenseValues().Select(item => Canonical(item!)).Prepend(value.Length).ToArray();
        };
    }

    /// <summary>Floats become their bit patterns (so NaNs compare and −0 ≠ +0), text becomes strings.</summary>
    private static object Canonical(object value) => value switch
    {
        float single => BitConverter.SingleToInt32Bits(single),
        double number => BitConverter.DoubleToInt64Bits(number),
        ReadOnlyMemory<char> text => text.ToString(),
        _ => value,
    };

    private sealed class ValueComparer : IEqualityComparer<object>
    {
        public static ValueComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => x is object[] a && y is object[] b
            ? a.SequenceEqual(b)
            : object.Equals(x, y);

        public int GetHashCode(object obj) => 0;
    }
}
