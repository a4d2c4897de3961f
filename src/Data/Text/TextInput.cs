namespace PllmML.Data.Text;

/// <summary>Opens a text file for reading, decompressing gzip (detected by its magic bytes, not its name).</summary>
internal static class TextInput
{
    /// <summary>Opens the file as a byte stream; gzip is decompressed and its trailer checked at the end.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static Stream OpenStream(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                Directory.Exists(path) ? $"{path} is a folder, expected a file." : $"File not found: {path}", path);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (IsGzip(file))
        {
            return new BufferedStream(new GzipCheckingStream(path, file), 1 << 16);
        }

        return file;
    }

    /// <summary>Opens the file for reading line by line.</summary>
    /// <param name="path">The file.</param>
    public static LineReader OpenLines(string path) => new(path, OpenStream(path));

    /// <summary>Whether the file starts with the gzip magic bytes.</summary>
    /// <param name="path">The file.</param>
    public static bool IsGzip(string path)
    {
        using var file = File.OpenRead(path);
        return IsGzip(file);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Seek(0, SeekOrigin.Begin);
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
