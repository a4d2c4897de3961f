using PllmML.Cli;
using Spectre.Console;

return PllmCommandLine.Run(args, AnsiConsole.Console, Console.Error);
