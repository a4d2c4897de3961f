using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using PllmML.Data.Embeddings;
using Spectre.Console;

namespace PllmML.Cli.Tests;

/// <summary>
/// The SLURM scripts in <c>scripts/slurm</c>: valid bash, careful, consistent with the command line they call (every
/// pllm command line in them and in their README must parse), and working end to end with SLURM's variables set by hand.
/// </summary>
public partial class SlurmScriptTests
{
    private static readonly string SlurmFolder = Path.Combine(TestPaths.RepositoryRoot, "scripts", "slurm");

    /// <summary>Values for the variables the scripts require the user to set.</summary>
    private static readonly Dictionary<string, string> UserValues = new(StringComparer.Ordinal)
    {
        ["PLLM_SHARDS"] = "8", ["PLLM_MODEL"] = "esm2_t33_650M_UR50D", ["PLLM_OUT"] = "genes.parquet", ["SLURM_ARRAY_TASK_ID"] = "3",
        ["SLURM_CPUS_PER_TASK"] = "8", ["PWD"] = "/scratch/me", ["jid"] = "12345",
    };

    public static TheoryData<string> Scripts => ["embed-array.sbatch", "merge-and-pool.sbatch"];

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_IsValidBash_AndCareful(string name)
    {
        var path = Path.Combine(SlurmFolder, name);
        var text = File.ReadAllText(path);

        var check = RunBash(SlurmFolder, [], "-n", path);

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.StartsWith("#!/usr/bin/env bash\n", text, StringComparison.Ordinal);
        Assert.Contains("\nset -euo pipefail\n", text, StringComparison.Ordinal);
        Assert.Matches(@"\n#SBATCH --job-name=", text);
        Assert.DoesNotMatch(@"[^""]\$\{?[A-Za-z_@]", UnquotedCode(text));
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_PllmCommandLines_ParseWithTheCurrentOptions(string name)
    {
        var text = File.ReadAllText(Path.Combine(SlurmFolder, name));

        var commandLines = PllmCommandLines(text).ToList();

        Assert.NotEmpty(commandLines);
        Assert.All(commandLines, AssertParses);
    }

    [Fact]
    public void Readme_CommandLinesAndSubmitExample_MatchTheScriptsAndTheCli()
    {
        var readme = File.ReadAllText(Path.Combine(SlurmFolder, "README.md"));
        var arrayScript = File.ReadAllText(Path.Combine(SlurmFolder, "embed-array.sbatch"));

        var commandLines = PllmCommandLines(readme).ToList();

        Assert.Contains(commandLines, line => line.Take(2).SequenceEqual(["embed", "merge"]));
        Assert.All(commandLines, AssertParses);
        Assert.Matches(@"jid=\$\(sbatch --parsable --array=1-""\$PLLM_SHARDS"" scripts/slurm/embed-array\.sbatch [^)]+\); sbatch --dependency=afterok:""\$\{jid%%;\*\}"" scripts/slurm/merge-and-pool\.sbatch ", readme);
        foreach (var variable in Regex.Matches(arrayScript + File.ReadAllText(Path.Combine(SlurmFolder, "merge-and-pool.sbatch")), @"\$\{(PLLM_?[A-Z_]*)").Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.Contains($"`{variable}`", readme, StringComparison.Ordinal);
        }

        foreach (var option in Regex.Matches(readme, @"`(--[a-z-]+)").Select(m => m.Groups[1].Value).Distinct())
        {
            Assert.True(KnownOptions().Contains(option) || option is "--array" or "--export" or "--parsable" or "--dependency" or "--partition" or "--gres" or "--requeue" or "--open-mode",
                $"README.md names {option}, which neither pllm embed nor sbatch has");
        }
    }

    [Fact]
    public void Scripts_RunAsAnArrayThenMergeAndPool_WriteTheUnshardedGeneFile()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = EmbedShardCommandTests.BundledGeneFasta(folder, maxLength: 300);
        var pllm = Path.Combine(folder, "pllm");
        File.WriteAllText(pllm, $"#!/usr/bin/env bash\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "pllm.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pllm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PLLM"] = pllm, ["PLLM_SHARDS"] = "3", ["PLLM_MODEL"] = TestPaths.Bundled("esm2", "tiny", "hf"), ["PLLM_WORK"] = Path.Combine(folder, "work"),
            ["PLLM_OUT"] = Path.Combine(folder, "genes.tsv"),
        };

        var tasks = Enumerable.Range(1, 3).Select(task => RunBash(folder, new(environment) { ["SLURM_ARRAY_TASK_ID"] = $"{task}" }, [Path.Combine(SlurmFolder, "embed-array.sbatch"), .. fasta])).ToList();
        var merge = RunBash(folder, environment, [Path.Combine(SlurmFolder, "merge-and-pool.sbatch"), .. fasta]);
        var unsharded = Path.Combine(folder, "unsharded.tsv");
        var reference = CliRun.Of(["embed", "--model", environment["PLLM_MODEL"], "--fasta", .. fasta, "--out", unsharded]);

        Assert.All(tasks, task => Assert.True(task.ExitCode == 0, task.Output));
        Assert.All(Enumerable.Range(1, 3), task => Assert.Contains($"Shard {task}/3:", tasks[task - 1].Output, StringComparison.Ordinal));
        Assert.True(merge.ExitCode == 0, merge.Output);
        Assert.Contains(" from the store, 0 computed", merge.Output, StringComparison.Ordinal);
        Assert.Equal(0, reference.ExitCode);
        var expected = EmbeddingTsv.Read(unsharded);
        var actual = EmbeddingTsv.Read(environment["PLLM_OUT"]);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = Enumerable.Range(0, expected.Count).SelectMany(row => Enumerable.Range(0, expected.Width).Select(j => Math.Abs(expected[row][j] - actual[row][j]))).Max();
        Assert.InRange(max, 0, 1e-5f);

        var again = RunBash(folder, environment, [Path.Combine(SlurmFolder, "merge-and-pool.sbatch"), .. fasta]);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Matches(@": 0 new, [1-9][0-9]* already present", again.Output);
    }

    [Fact]
    public void ArrayScript_WithoutItsVariables_StopsNamingTheMissingOne()
    {
        var folder = TestPaths.NewTempFolder();

        var run = RunBash(folder, new(StringComparer.Ordinal) { ["PLLM_MODEL"] = "m" }, [Path.Combine(SlurmFolder, "embed-array.sbatch"), "a.fa"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("PLLM_SHARDS", run.Output, StringComparison.Ordinal);
    }

    private static void AssertParses(string[] arguments)
    {
        var parse = PllmCommandLine.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Parse(arguments);
        Assert.True(parse.Errors.Count == 0, $"pllm {string.Join(' ', arguments)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        Assert.Contains(parse.CommandResult.Command.Name, new[] { "embed", "merge" });
        var shard = Array.IndexOf(arguments, "--shard");
        if (shard >= 0)
        {
            Esm.Embedding.EmbeddingShard.Parse(arguments[shard + 1]);
        }
    }

    private static HashSet<string> KnownOptions()
    {
        var embed = PllmCommandLine.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Subcommands.Single(c => c.Name == "embed");
        return embed.Options.Concat(embed.Subcommands.SelectMany(c => c.Options)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The arguments of every <c>pllm</c> / <c>"${PLLM}"</c> command line in a script or README (continuation lines
    /// joined), with variables expanded from the script's own defaults or <see cref="UserValues"/>, <c>"$@"</c> as two
    /// FASTA files and arrays as two elements.
    /// </summary>
    private static IEnumerable<string[]> PllmCommandLines(string text)
    {
        var code = text.Contains("```", StringComparison.Ordinal) ? string.Join('\n', BashBlock().Matches(text).Select(m => m.Groups[1].Value)) : text;
        var joined = code.Replace("\\\n", " ", StringComparison.Ordinal);
        var values = new Dictionary<string, string>(UserValues, StringComparer.Ordinal);
        foreach (Match assignment in Assignment().Matches(joined))
        {
            values[assignment.Groups[1].Value] = assignment.Groups["default"].Success ? assignment.Groups["default"].Value : assignment.Groups["value"].Value;
        }

        foreach (var line in joined.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var words = ShellWords(line);
            var start = words.FindIndex(w => w is "pllm" or "\"${PLLM}\"" or "\"$PLLM\"");
            if (start >= 0 && start + 1 < words.Count && words[start + 1] == "embed")
            {
                yield return words.Skip(start + 1).TakeWhile(w => w is not (";" or "|" or "&&")).SelectMany(w => Expand(w, values)).ToArray();
            }
        }
    }

    private static IEnumerable<string> Expand(string word, Dictionary<string, string> values)
    {
        if (word is "\"$@\"")
        {
            return ["human.pep.all.fa.gz", "mouse.pep.all.fa.gz"];
        }

        if (ArrayUse().IsMatch(word))
        {
            return ["pllm-work/shard_1", "pllm-work/shard_2"];
        }

        var expanded = word;
        for (var round = 0; round < 5 && expanded.Contains('$', StringComparison.Ordinal); round++)
        {
            expanded = Variable().Replace(expanded, m =>
            {
                var name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[3].Value;
                return values.TryGetValue(name, out var value) ? value : m.Groups[2].Success ? m.Groups[2].Value : throw new InvalidOperationException($"{word}: ${name} has no value");
            });
        }

        return [expanded.Replace("\"", string.Empty, StringComparison.Ordinal)];
    }

    /// <summary>Splits a line into words, keeping quotes (so that "$@" stays recognisable).</summary>
    private static List<string> ShellWords(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var depth = 0;
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                word.Append(c);
                quote = c == quote && depth == 0 ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                word.Append(c);
            }
            else if (char.IsWhiteSpace(c) && depth == 0)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>The script's code outside comments, double-quoted strings and arithmetic (( … )), where every
    /// variable use must be quoted.</summary>
    private static string UnquotedCode(string text) =>
        string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith('#')).Select(line => Arithmetic().Replace(DoubleQuoted().Replace(line, "\"\""), string.Empty)));

    private static (int ExitCode, string Output) RunBash(string folder, Dictionary<string, string> environment, params string[] arguments)
    {
        var settings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("PLLM", StringComparison.Ordinal) || name.StartsWith("SLURM", StringComparison.Ordinal))
            .ToDictionary(name => name, string? (_) => null);
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        var run = ChildProcess.Run("bash", arguments, folder, environment: settings);
        return (run.ExitCode, Whitespace().Replace(run.Transcript, " ")); // Spectre wraps at 80 columns when redirected
    }

    [GeneratedRegex(@"^\s*([A-Za-z_]+)=""(?:\$\{\1:-(?<default>[^""]*)\}|(?<value>[^""]*))""\s*$", RegexOptions.Multiline)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"```bash\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"^""\$\{\w+\[@\]\}""$")]
    private static partial Regex ArrayUse();

    [GeneratedRegex(@"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex DoubleQuoted();

    [GeneratedRegex(@"\(\((.*?)\)\)")]
    private static partial Regex Arithmetic();
}
