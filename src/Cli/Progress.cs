using Spectre.Console;

namespace PllmML.Cli;

/// <summary>Shows a spinner with elapsed time while a step runs (on an interactive terminal only).</summary>
internal static class Progress
{
    public static T Run<T>(IAnsiConsole console, string what, Func<T> step) =>
        console.Profile.Capabilities.Interactive
            ? console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(what) + " …", _ => step())
            : step();
}
