using System.Text;
using Spectre.Console;

namespace PllmML.Cli;

/// <summary>A <see cref="TextWriter"/> that forwards to a Spectre console, so help text lands where results do.</summary>
internal sealed class AnsiConsoleWriter(IAnsiConsole console) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => console.Profile.Out.Writer.Write(value);

    public override void Write(string? value) => console.Profile.Out.Writer.Write(value);

    public override void WriteLine(string? value) => console.Profile.Out.Writer.WriteLine(value);
}
