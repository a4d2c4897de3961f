using Spectre.Console;

namespace PllmML.Cli.Rendering;

/// <summary>Prints a reader's notes (names made unique, elements not read) so nothing passes unnoticed.</summary>
internal static class NotesRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
        {
            console.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        }
    }
}
