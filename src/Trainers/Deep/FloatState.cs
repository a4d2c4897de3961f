namespace PllmML.Trainers.Deep;

/// <summary>
/// Network weights as one float vector, the form a model's <c>MapValue</c> state table stores: counts and widths are
/// written as floats (exact below 2^24), arrays with their length first. The reader checks every length against what
/// is left and names what it was reading when the vector ends early.
/// </summary>
internal sealed class FloatState
{
    /// <summary>The largest width or count a state may declare (exact in float32).</summary>
    public const int MaxCount = 1 << 24;

    private readonly List<float> _values = [];

    public void Add(int value) => _values.Add(value);

    public void Add(float value) => _values.Add(value);

    public void Add(float[] values)
    {
        _values.Add(values.Length);
        _values.AddRange(values);
    }

    public float[] ToArray() => [.. _values];

    /// <summary>Reads values written by <see cref="FloatState"/> from <paramref name="state"/>, from <paramref name="offset"/> on.</summary>
    internal ref struct Reader(ReadOnlySpan<float> state, int offset)
    {
        private readonly ReadOnlySpan<float> _state = state;

        public int Offset { get; private set; } = offset;

        public int ReadCount(string what)
        {
            var value = ReadSingle(what);
            if (!(value >= 0 && value <= MaxCount) || value != MathF.Floor(value))
            {
                throw new InvalidDataException($"Network state: {what} is {value}, not a count.");
            }

            return (int)value;
        }

        public float ReadSingle(string what)
        {
            if (Offset >= _state.Length)
            {
                throw new InvalidDataException($"Network state ends before {what} (at value {Offset}).");
            }

            return _state[Offset++];
        }

        public float[] ReadArray(string what)
        {
            var length = ReadCount($"the length of {what}");
            if (length > _state.Length - Offset)
            {
                throw new InvalidDataException($"Network state: {what} declares {length} values with {_state.Length - Offset} left.");
            }

            var values = _state.Slice(Offset, length).ToArray();
            Offset += length;
            return values;
        }
    }
}
