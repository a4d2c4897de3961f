using System.Text.Json.Nodes;
using Microsoft.ML;
using PllmML.Data;
using PllmML.Data.Orthologs;
using PllmML.Pipeline;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Cli.Tests.Species;

/// <summary>
/// Three species in one model. There are no pig cells in the repository or in ../shared, so the third species is a
/// MACHINERY TEST, not biology: a held-out human donor's cells (human3, 58 cells) renamed to pig gene symbols, or given
/// as a "pig" with human genes. The tests show that the tables, the routes, the fit, prediction and evaluation handle
/// three species, and that the renamed cells land with their human counterparts — nothing about pig islets.
/// </summary>
public class ThreeSpeciesTests(ThreeSpeciesMarkersRun markersRun) : IClassFixture<ThreeSpeciesMarkersRun>
{
    private static readonly string[] SharedTypes = ["alpha", "beta", "delta", "macrophage", "stellate"];

    [SharedDataFact]
    public void Fit_MachineryTest_HumanDonorRenamedToPigGenes_OneModelAnnotatesAllThree_AndTheRenamedCellsLandWithTheirHumanSelves()
    {
        var folder = TestPaths.NewTempFolder();
        var (humanRest, heldOut) = SplitHumanDonor("human3");
        var pigTable = TestPaths.Shared("orthologs", "HM_O2O", "human_pig_o2o.csv");
        var toPig = OrthologTableReader.Read(pigTable).Pairs.Pairs.ToDictionary(pair => pair.GeneA, pair => pair.GeneB, StringComparer.Ordinal);
        var kept = Enumerable.Range(0, heldOut.GeneCount).Where(gene => toPig.ContainsKey(heldOut.GeneNames[gene])).ToList();
        var renamed = heldOut.SelectGenes(kept);
        var pig = new CellMatrix(renamed.X, renamed.Obs, new AnnotationTable([.. renamed.GeneNames.Select(gene => toPig[gene])]));
        var (humanPath, pigPath) = (Path.Combine(folder, "human_rest.h5ad"), Path.Combine(folder, "pig_machinery_test.h5ad"));
        DataFiles.WriteCells(humanRest, humanPath);
        DataFiles.WriteCells(pig, pigPath);
        var (model, cycles) = (Path.Combine(folder, "three.zip"), Path.Combine(folder, "cycles.csv"));

        var fit = CliRun.Of("fit", "--input", humanPath + "=human", "--input", TestPaths.Bundled("pancreas", "mouse.h5ad") + "=mouse", "--input", pigPath + "=pig",
            "--label-key", "cell_type", "--train-species", "mouse", "--keep-labels", string.Join(',', SharedTypes),
            "--homology", "mouse=" + TestPaths.Shared("orthologs", "HM_O2O", "human_mice_o2o.csv"), "--homology", "pig=" + pigTable,
            "--homology", TestPaths.Shared("orthologs", "HM_O2O", "mice_pig_o2o.csv"), "--cycles", cycles, "--out", model);

        Assert.True(fit.ExitCode == 0, fit.Error + fit.Output);
        Assert.Contains("117 human + 487 mouse + 58 pig cells", fit.Output, StringComparison.Ordinal);
        // Cycles of the three HM_O2O tables, counted independently with Python's csv module (stdlib, no PllmML code):
        // 15,457 human genes return to themselves through mouse and pig, 36 to another gene, 2,859 stop without a partner.
        Assert.Contains("cycle human → mouse → pig → human: 15457 genes close, 36 return to another gene, 2859 stop without a partner", fit.Output, StringComparison.Ordinal);
        var rows = File.ReadAllLines(cycles);
        Assert.Equal("human gene,mouse gene,pig gene,back to human,status", rows[0]);
        Assert.Equal(15_457 + 36 + 2_859, rows.Length - 1);
        Assert.Contains("INS,Ins2,INS,INS,closed", rows);

        var loaded = SingleCellModel.Load(new MLContext(0), model);
        Assert.Equal(["human", "mouse", "pig"], loaded.Manifest.Species.Select(species => species.Name).Order(StringComparer.Ordinal));
        var asPig = loaded.Integrate([new SpeciesData("pig", pig, "cell_type")], "cell_type");
        var asHuman = loaded.Integrate([new SpeciesData("human", heldOut, "cell_type")], "cell_type");
        var truth = Enumerable.Range(0, pig.CellCount).Select(cell => pig.Obs["cell_type"].FormatValue(cell)).ToList();
        var pigCalls = Enumerable.Range(0, pig.CellCount).Select(cell => asPig.Obs[OutputKeys.BestCellType].FormatValue(cell)).ToList();
        var humanCalls = Enumerable.Range(0, pig.CellCount).Select(cell => asHuman.Obs[OutputKeys.BestCellType].FormatValue(cell)).ToList();
        var pigAccuracy = truth.Zip(pigCalls).Count(pair => pair.First == pair.Second) / (double)truth.Count;
        var humanAccuracy = truth.Zip(humanCalls).Count(pair => pair.First == pair.Second) / (double)truth.Count;
        var agreement = pigCalls.Zip(humanCalls).Count(pair => pair.First == pair.Second) / (double)truth.Count;
        // In the integrated space each renamed cell's nearest neighbour among the same cells as human is, for most cells, itself.
        var (pigEmbedding, humanEmbedding) = (asPig.Obsm[OutputKeys.IntegratedEmbedding], asHuman.Obsm[OutputKeys.IntegratedEmbedding]);
        var self = Enumerable.Range(0, pig.CellCount).Count(cell => Nearest(pigEmbedding, cell, humanEmbedding) == cell) / (double)pig.CellCount;
        // Measured (2026-12-05): the renamed cells 96.6 % right, the same cells given as human 75.9 % (human3 is the hard
        // donor: 82.8 % in PartialGeneQueryTests), 98.3 % of renamed cells nearest to their own human version.
        var figures = $"pig {pigAccuracy:F3}, as human {humanAccuracy:F3}, agreement {agreement:F3}, self {self:F3}";
        Assert.True(pigAccuracy >= 0.85, figures);
        Assert.True(humanAccuracy >= 0.7, figures);
        Assert.True(self >= 0.9, figures);
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Run_ThreeProteomes_EveryPairMapped_CyclesReported_OneModelOverThree_AndEveryOrderedTransfer()
    {
        var folder = TestPaths.NewTempFolder();
        var (_, heldOut) = SplitHumanDonor("human3");
        var pigCells = Path.Combine(folder, "pig_machinery_test.h5ad");
        DataFiles.WriteCells(heldOut, pigCells);
        // The "pig" proteome is the human proteins relabelled and the "pig" cells are the human donor with human gene
        // symbols, linked by an identity table: a machinery test of three proteomes, not pig biology.
        var pigFasta = Path.Combine(folder, "pig_machinery_test.fa");
        File.WriteAllLines(pigFasta, File.ReadAllLines(TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa"))
            .Aggregate((Lines: new List<string>(), Keep: false), (state, line) =>
            {
                var keep = line.StartsWith('>') ? line.Contains("species=human", StringComparison.Ordinal) : state.Keep;
                if (keep)
                {
                    state.Lines.Add(line.Replace("species=human", "species=pig", StringComparison.Ordinal));
                }

                return (state.Lines, keep);
            }).Lines);
        var identity = Path.Combine(folder, "human_pig_identity.csv");
        File.WriteAllLines(identity, ["human gene name,pig gene name", .. heldOut.GeneNames.Select(gene => $"{gene},{gene}")]);
        var proteins = TestPaths.Bundled("proteins", "human_mouse_refog_proteins.fa");
        var config = new RunConfiguration
        {
            Inputs =
            [
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "human.h5ad"), Species = "human", LabelKey = "cell_type" },
                new InputConfiguration { Path = TestPaths.Bundled("pancreas", "mouse.h5ad"), Species = "mouse", LabelKey = "cell_type" },
                new InputConfiguration { Path = pigCells, Species = "pig", LabelKey = "cell_type" },
            ],
            Homology = new HomologyConfiguration
            {
                ReferenceSpecies = "human",
                Tables = [new HomologyTableConfiguration { Path = TestPaths.Bundled("orthologs", "cacimar", "OrthG_Hs_Mm.tsv") }, new HomologyTableConfiguration { Path = identity, Species = "pig" }],
            },
            TrainSpecies = ["mouse"],
            KeepLabels = [.. SharedTypes],
            Proteins = new ProteinsConfiguration
            {
                Fasta = [new FastaConfiguration { Path = proteins, Species = "human" }, new FastaConfiguration { Path = proteins, Species = "mouse" }, new FastaConfiguration { Path = pigFasta, Species = "pig" }],
                Level = "protein",
                FamilyAttribute = "refog",
            },
            Esm = new EsmConfiguration { Model = TestPaths.Bundled("esm2", "tiny", "hf"), RandomWeights = true },
            Mapping = new MappingConfiguration { Pairs = "all" },
            Evaluation = new EvaluationConfiguration { Pictures = false },
        };

        var result = PllmRun.Execute(config, "in-code", Path.Combine(folder, "out"));

        Assert.Equal(["embed", "map", "fit", "predict", "evaluate"], result.Stages.Select(stage => stage.Stage));
        var output = result.Output;
        Assert.All(new[] { ("human", "mouse"), ("human", "pig"), ("mouse", "pig") }, pair => Assert.True(File.Exists(output.PairsOf(pair.Item1, pair.Item2)), pair.ToString()));
        var humanPig = OrthologTableReader.Read(output.PairsOf("human", "pig")).Pairs.Pairs;
        Assert.InRange(humanPig.Count(pair => pair.GeneA == pair.GeneB) / (double)humanPig.Count, 0.95, 1.0);
        Assert.Equal("human gene,mouse gene,pig gene,back to human,status", File.ReadLines(output.Cycles).First());
        Assert.Contains("cycle human → mouse → pig → human", result.Stages[1].Figure, StringComparison.Ordinal);

        var cells = DataFiles.ReadCells(output.Integrated).Data;
        Assert.Equal(175 + 487 + 58, cells.CellCount);
        Assert.Equal(["human", "mouse", "pig"], Enumerable.Range(0, cells.CellCount).Select(cell => cells.Obs[OutputKeys.Species].FormatValue(cell)).Distinct().Order(StringComparer.Ordinal));
        var metrics = JsonNode.Parse(File.ReadAllText(output.Metrics))!;
        var knn = metrics["integrated"]!["label_transfer"]!.AsArray().Select(t => ((string)t!["reference"]!, (string)t["query"]!)).ToList();
        Assert.Equal(6, knn.Distinct().Count());
        Assert.NotNull(metrics["integrated"]!["metrics"]!["iLISI"]);
        var classifier = metrics["classifier_label_transfer"]!.AsArray().ToDictionary(t => (string)t!["query"]!, t => (double)t!["accuracy"]!);
        Assert.Equal(["human", "pig"], classifier.Keys.Order(StringComparer.Ordinal));
        // Measured (2026-12-05): the mouse-trained classifier 85.7 % on human, 69.0 % on the 58 "pig" cells (five types; the
        // majority type is 28 %); kNN from the human cells (which include the same donor) to the "pig" copies 91.4 %.
        var transfers = metrics["integrated"]!["label_transfer"]!.AsArray().ToDictionary(t => ((string)t!["reference"]!, (string)t["query"]!), t => (double)t!["accuracy"]!);
        Assert.InRange(classifier["human"], 0.8, 1.0);
        Assert.InRange(classifier["pig"], 0.6, 1.0);
        Assert.InRange(transfers[("human", "pig")], 0.85, 1.0);
        Directory.Delete(folder, true);
    }

    /// <summary>
    /// Conserved markers and the gene pairs behind matches with three species (MACHINERY, not pig biology: the "pig" is a
    /// held-out human donor with human gene symbols, linked by an identity table). Conserved markers are tested in every
    /// species; each side of a gene pair is its own species' gene from the pairs the fit used (the mouse gene from
    /// CACIMAR, the "pig" gene from the identity table, the feature itself for human); the Ensembl stand-in (CACIMAR,
    /// human–mouse only) judges the mouse side and says nothing (NA) where a pair has a "pig" side only.
    /// </summary>
    [Fact]
    public void Markers_ThreeSpeciesTwoTables_ConservedAcrossAll_AndEachSideOfAGenePairIsItsOwnSpeciesGene()
    {
        var (result, cacimar) = (markersRun.Result, ThreeSpeciesMarkersRun.Cacimar);

        Assert.Contains("markers", result.Stages.Select(stage => stage.Stage));
        var markers = markersRun.Markers;
        var conserved = Csv(Path.Combine(markers, "conserved_markers.csv"));
        Assert.All(new[] { "p_human", "p_mouse", "p_pig" }, column => Assert.Contains(column, conserved.Header));
        // A type tested in all three species is conserved across all three: every species' p-value is there.
        var tested = conserved.Rows.Where(row => row[conserved.Header.IndexOf("p_pig")] != "NA").ToList();
        Assert.NotEmpty(tested);
        Assert.All(tested, row => Assert.DoesNotContain("NA", new[] { row[conserved.Header.IndexOf("p_human")], row[conserved.Header.IndexOf("p_mouse")] }));

        var pairs = Csv(Path.Combine(markers, "gene_pairs.csv"));
        int Col(string name) => pairs.Header.IndexOf(name);
        var mousePartners = OrthologTableReader.Read(cacimar).Pairs.Pairs.ToLookup(pair => pair.GeneA, pair => pair.GeneB, StringComparer.Ordinal);
        var bySpecies = pairs.Rows.ToLookup(row => (row[Col("species_a")], row[Col("species_b")]));
        Assert.Equal([("human", "mouse"), ("human", "pig"), ("mouse", "pig")], bySpecies.Select(group => group.Key).Order());
        Assert.All(bySpecies[("human", "pig")], row =>
        {
            Assert.Equal(row[Col("gene")], row[Col("gene_a")]);
            Assert.Equal(row[Col("gene")], row[Col("homolog")]);
            Assert.Equal("NA", row[Col("ensembl_agrees")]);
        });
        Assert.All(bySpecies[("human", "mouse")], row =>
        {
            Assert.Equal(row[Col("gene")], row[Col("gene_a")]);
            Assert.Contains(row[Col("homolog")], mousePartners[row[Col("gene")]]);
            Assert.Equal("true", row[Col("ensembl_agrees")]);
        });
        Assert.All(bySpecies[("mouse", "pig")], row =>
        {
            Assert.Contains(row[Col("gene_a")], mousePartners[row[Col("gene")]]);
            Assert.Equal(row[Col("gene")], row[Col("homolog")]);
            Assert.Equal("NA", row[Col("ensembl_agrees")]);
        });
        Assert.Contains(bySpecies[("mouse", "pig")], row => row[Col("gene_a")] != row[Col("gene")]);
        var best = Csv(Path.Combine(markers, "best_matches.csv"));
        Assert.Contains(best.Rows, row => row[0] == "pig" && row[2] == "mouse");
    }

    /// <summary>
    /// The standalone <c>pllm markers</c> on the integrated cells of that run, given the run's two tables as <c>pllm fit</c>
    /// takes them (one plain, one <c>pig=</c>) and no reference (the file records it): the same gene pairs and conserved
    /// markers, byte for byte, as the markers stage wrote.
    /// </summary>
    [Fact]
    public void Markers_Standalone_OnTheThreeSpeciesIntegratedCells_WritesTheGenePairsAndConservedMarkersTheRunWrote()
    {
        var output = Path.Combine(markersRun.Folder, "standalone");

        var run = CliRun.Of("markers", "--input", markersRun.Integrated, "--out", output,
            "--homology", ThreeSpeciesMarkersRun.Cacimar, "--homology", "pig=" + markersRun.Identity, "--ensembl", ThreeSpeciesMarkersRun.Cacimar);

        Assert.True(run.ExitCode == 0, run.Error + run.Output);
        foreach (var file in new[] { "gene_pairs.csv", "conserved_markers.csv", "best_matches.csv" })
        {
            var (expected, actual) = (File.ReadAllText(Path.Combine(markersRun.Markers, file)), File.ReadAllText(Path.Combine(output, file)));
            Assert.True(expected == actual, $"{file} differs from the run's");
        }

        Assert.True(File.ReadAllLines(Path.Combine(output, "gene_pairs.csv")).Length > 1);
        Assert.Contains(File.ReadLines(Path.Combine(output, "gene_pairs.csv")), line => line.Contains(",pig,", StringComparison.Ordinal));
    }

    /// <summary>The bundled human cells without one donor, and that donor's cells.</summary>
    private static (CellMatrix Others, CellMatrix Donor) SplitHumanDonor(string donor)
    {
        var human = DataFiles.ReadCells(TestPaths.Bundled("pancreas", "human.h5ad")).Data;
        var donors = human.Obs["donor"];
        var held = Enumerable.Range(0, human.CellCount).Where(cell => donors.FormatValue(cell) == donor).ToList();
        var rest = Enumerable.Range(0, human.CellCount).Where(cell => donors.FormatValue(cell) != donor).ToList();
        return (human.SelectCells(rest), human.SelectCells(held));
    }

    private static (List<string> Header, List<string[]> Rows) Csv(string path)
    {
        var lines = File.ReadAllLines(path);
        return ([.. lines[0].Split(',')], [.. lines.Skip(1).Select(line => line.Split(','))]);
    }

    private static int Nearest(DenseMatrix from, int row, DenseMatrix to)
    {
        var (best, bestDistance) = (-1, double.MaxValue);
        for (var candidate = 0; candidate < to.RowCount; candidate++)
        {
            var distance = 0.0;
            for (var column = 0; column < from.ColumnCount; column++)
            {
                var difference = from[row, column] - to[candidate, column];
                distance += difference * difference;
            }

            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best;
    }
}
