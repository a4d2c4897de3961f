using Spectre.Console;

namespace PllmML.Cli;

/// <summary>Shows a spinner with elapsed time while a step runs (on an interactive terminal only).</summary>
internal static class Progress
{
    public static T Run<T>(IAnsiConsole console, string what, Func<T> step) =>
        console.Profile.Capabilities.Interactive
            ? console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(what) + " …", _ => step())
            : step();

    /// <summary>Like <see cref="Run{T}(IAnsiConsole, string, Func{T})"/>, with the spinner's text following the step's progress.</summary>
    public static T Run<T>(IAnsiConsole console, string what, Func<Action<string>, T> step) =>
        console.Profile.Capabilities.Interactive
            ? console.Status().Spinner(Spinner.Known.Dots).Start(Markup.Escape(what) + " …", context => step(now => context.Status = Markup.Escape(now) + " …"))
            : step(_ => { });
}
