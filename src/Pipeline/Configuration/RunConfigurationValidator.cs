namespace PllmML.Pipeline.Configuration;

/// <summary>
/// Checks a <see cref="RunConfiguration"/> field by field; every problem names the config file and the JSON path of
/// the field. The JSON reader already refuses null for non-nullable fields; list entries are checked here.
/// </summary>
internal static class RunConfigurationValidator
{
    /// <summary>Null entries of lists (which the JSON reader lets through), before paths are resolved.</summary>
    public static void CheckPresent(RunConfiguration config, string path)
    {
        var check = new Checker(path);
        for (var i = 0; i < config.Inputs.Count; i++)
        {
            check.That(config.Inputs[i] is not null, $"inputs[{i}]", "null: expected { \"path\": …, \"species\": … }");
        }

        for (var i = 0; i < (config.Homology.Tables?.Count ?? 0); i++)
        {
            check.That(config.Homology.Tables![i] is not null, $"homology.tables[{i}]", "null: expected { \"path\": …, \"species\": … }");
        }

        for (var i = 0; i < (config.Compare?.Maps.Count ?? 0); i++)
        {
            check.That(config.Compare!.Maps[i] is not null, $"compare.maps[{i}]", "null: expected { \"name\": …, \"path\": … }");
        }

        CheckEntries(check, config.TrainSpecies, "trainSpecies");
        CheckEntries(check, config.KeepLabels, "keepLabels");
        for (var i = 0; i < (config.Proteins?.Fasta.Count ?? 0); i++)
        {
            check.That(config.Proteins!.Fasta[i] is not null, $"proteins.fasta[{i}]", "null: expected { \"path\": …, \"species\": … }");
        }
    }

    public static void Validate(RunConfiguration config, string path)
    {
        CheckPresent(config, path);
        var check = new Checker(path);
        check.That(config.Inputs.Count >= 2, "inputs", "the integration needs at least two inputs (species)");
        for (var i = 0; i < config.Inputs.Count; i++)
        {
            var input = config.Inputs[i];
            check.That(input.Path.Length > 0, $"inputs[{i}].path", "missing file");
            check.That(File.Exists(input.Path) || Directory.Exists(input.Path), $"inputs[{i}].path", $"{input.Path} does not exist");
            check.That(!string.IsNullOrWhiteSpace(input.Species), $"inputs[{i}].species", "missing species name");
            check.That(input.LabelKey is null || input.LabelKey.Length > 0, $"inputs[{i}].labelKey", "empty (leave the key out when the input has no labels)");
            check.That(input.DonorKey is null || input.DonorKey.Length > 0, $"inputs[{i}].donorKey", "empty (leave the key out when the input has no donors)");
            check.That(input.Counts is null || input.Counts.Length > 0, $"inputs[{i}].counts", "empty: expected X, raw or a layer name");
            check.That(input.Kind is null || CountMatrix.ParseKind(input.Kind) is not null, $"inputs[{i}].kind", $"'{input.Kind}': expected counts or lognorm");
        }

        var species = config.Inputs.Select(input => input.Species).ToList();
        check.That(species.Distinct(StringComparer.Ordinal).Count() == species.Count, "inputs", "a species appears twice");
        CheckHomology(check, config, species);
        for (var i = 0; i < (config.TrainSpecies?.Count ?? 0); i++)
        {
            var name = config.TrainSpecies![i];
            check.That(species.Contains(name), $"trainSpecies[{i}]", $"'{name}' is not among the inputs ({string.Join(", ", species)})");
            check.That(config.Inputs.First(input => input.Species == name).LabelKey is not null, $"trainSpecies[{i}]", $"the {name} input has no labelKey to train on");
        }

        check.That(config.TrainSpecies is not { Count: 0 }, "trainSpecies", "empty (leave the key out to train on every input with labels)");
        check.That(config.KeepLabels is not { Count: 0 }, "keepLabels", "empty (leave the key out to keep every cell)");
        check.That(config.Normalization.TargetSum > 0 && float.IsFinite(config.Normalization.TargetSum), "normalization.targetSum", $"{config.Normalization.TargetSum}: must be a positive number");
        check.That(config.VariableGenes.TopGenes >= 1, "variableGenes.topGenes", $"{config.VariableGenes.TopGenes}: must be at least 1");
        check.That(config.Scaling.MaxValue > 0, "scaling.maxValue", $"{config.Scaling.MaxValue}: must be positive");
        check.That(config.Pca.Components >= 1, "pca.components", $"{config.Pca.Components}: must be at least 1");
        CheckHarmony(check, config.Harmony);
        CheckIntegration(check, config.Integration);
        check.That(config.MinimumGeneOverlap is >= 0 and <= 1, "minimumGeneOverlap", $"{config.MinimumGeneOverlap}: must lie in [0, 1]");
        check.That(config.Coverage is 0 or (> 0 and < 1), "coverage", $"{config.Coverage}: must lie strictly between 0 and 1 (or be 0 for no calibration)");
        check.That(config.Evaluation.LabelKey.Length > 0, "evaluation.labelKey", "empty");
        check.That(config.Evaluation.LabelKey is not ("species" or "pllm_cell_type" or "pllm_probability"), "evaluation.labelKey", $"'{config.Evaluation.LabelKey}' is a column the run writes itself");
        check.That(config.Evaluation.Device is null || EvaluationConfiguration.Devices.Contains(config.Evaluation.Device), "evaluation.device",
            $"'{config.Evaluation.Device}': expected {string.Join(" or ", EvaluationConfiguration.Devices)}");
        CheckCompareMethods(check, config.Evaluation.CompareMethods);
        if (config.Proteins is { } proteins)
        {
            CheckProteins(check, config, proteins);
        }

        if (config.Markers is { } markers)
        {
            CheckMarkers(check, config, markers);
        }

        if (config.Compare is { } compare)
        {
            CheckCompare(check, config, compare);
        }
    }

    private static void CheckCompare(Checker check, RunConfiguration config, CompareConfiguration compare)
    {
        check.That(compare.Maps.Count >= 1, "compare.maps", "no gene map to compare");
        check.That(compare.Reference is null || File.Exists(compare.Reference), "compare.reference", $"{compare.Reference} does not exist");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < compare.Maps.Count; i++)
        {
            var map = compare.Maps[i];
            var field = $"compare.maps[{i}]";
            check.That(map is not null, field, "null: expected { \"name\": …, \"path\": … }");
            check.That(map!.Name.Length > 0 && map.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), $"{field}.name", $"'{map.Name}': letters, digits, -, _ and . only");
            check.That(names.Add(map.Name), $"{field}.name", $"'{map.Name}' names two maps");
            var sources = (map.Path is not null ? 1 : 0) + (map.Biomart is not null ? 1 : 0) + (map.Embeddings is not null ? 1 : 0);
            check.That(sources == 1, field, "give exactly one of path, biomart (with ensembl) or embeddings");
            check.That(map.Path is null || File.Exists(map.Path), $"{field}.path", $"{map.Path} does not exist");
            check.That(map.Biomart is null || File.Exists(map.Biomart), $"{field}.biomart", $"{map.Biomart} does not exist");
            check.That((map.Biomart is null) == (map.Ensembl is null), $"{field}.ensembl", "ensembl (ens-m2m, ens-o2o or hm-o2o) goes with biomart");
            check.That(map.Ensembl is null or "ens-m2m" or "ens-o2o" or "hm-o2o", $"{field}.ensembl", $"'{map.Ensembl}': expected ens-m2m, ens-o2o or hm-o2o");
            check.That(map.Strategy is null || Enum.IsDefined(map.Strategy.Value), $"{field}.strategy", $"'{map.Strategy}': expected OneToOne or ManyToManySum");
            check.That(map.Biomart is null || config.Inputs.Count == 2, field, "a biomart map links two species; the config has more inputs (give a table per species with path, or embeddings.files)");
            if (map.Embeddings is { } embeddings)
            {
                CheckEmbeddingFiles(check, config, embeddings, $"{field}.embeddings");
                check.That(MapStrategies.Names.Contains(embeddings.Strategy), $"{field}.embeddings.strategy", $"'{embeddings.Strategy}': expected {string.Join(", ", MapStrategies.Names)}");
                check.That(ProteinMap.Metrics.Contains(embeddings.Metric), $"{field}.embeddings.metric", $"'{embeddings.Metric}': expected {string.Join(" or ", ProteinMap.Metrics)}");
                check.That(embeddings.TopK >= 1, $"{field}.embeddings.topK", $"{embeddings.TopK}: must be at least 1");
            }
        }
    }

    private static void CheckEmbeddingFiles(Checker check, RunConfiguration config, EmbeddingMapConfiguration embeddings, string field)
    {
        var species = config.Inputs.Select(input => input.Species).ToList();
        if (embeddings.Files is { } files)
        {
            check.That(embeddings.From.Length == 0 && embeddings.To.Length == 0, field, "give from and to (two species) or files (one per species), not both");
            foreach (var (name, path) in files)
            {
                check.That(species.Contains(name), $"{field}.files.{name}", $"'{name}' is not among the inputs ({string.Join(", ", species)})");
                check.That(path is { Length: > 0 }, $"{field}.files.{name}", "missing embedding file");
                check.That(File.Exists(path), $"{field}.files.{name}", $"{path} does not exist");
            }

            var missing = species.Where(name => !files.ContainsKey(name)).ToList();
            check.That(missing.Count == 0, $"{field}.files", $"no embeddings for {string.Join(", ", missing)}: give one file per input species");
            return;
        }

        check.That(config.Inputs.Count == 2, field, $"from and to link two species; the config has {config.Inputs.Count} inputs: give files, one per species");
        check.That(File.Exists(embeddings.From), $"{field}.from", $"{embeddings.From} does not exist");
        check.That(File.Exists(embeddings.To), $"{field}.to", $"{embeddings.To} does not exist");
    }

    private static void CheckMarkers(Checker check, RunConfiguration config, MarkersConfiguration markers)
    {
        check.That(markers.MinPct is >= 0 and <= 1, "markers.minPct", $"{markers.MinPct}: must lie in [0, 1]");
        check.That(markers.LogFcThreshold >= 0 && double.IsFinite(markers.LogFcThreshold), "markers.logFcThreshold", $"{markers.LogFcThreshold}: must be a number ≥ 0");
        check.That(markers.MinCells >= 1, "markers.minCells", $"{markers.MinCells}: must be at least 1");
        check.That(Enum.IsDefined(markers.Combine), "markers.combine", $"'{markers.Combine}': expected MinimumP, Fisher or MaximumP");
        check.That(markers.TopMarkers >= 1, "markers.topMarkers", $"{markers.TopMarkers}: must be at least 1");
        check.That(markers.AlignmentNeighbors >= 1, "markers.alignmentNeighbors", $"{markers.AlignmentNeighbors}: must be at least 1");
        check.That(markers.Ensembl is null || File.Exists(markers.Ensembl), "markers.ensembl", $"{markers.Ensembl} does not exist");
        check.That(config.Inputs.Count(input => input.LabelKey is not null) >= 2, "markers", "conserved markers need cell-type labels (labelKey) in at least two inputs");
    }

    private static void CheckHomology(Checker check, RunConfiguration config, List<string> species)
    {
        var homology = config.Homology;
        check.That(homology.Source is "table" or "map", "homology.source", $"'{homology.Source}': expected table or map");
        check.That(Enum.IsDefined(homology.Strategy), "homology.strategy", $"'{homology.Strategy}': expected OneToOne or ManyToManySum");
        if (homology.Tables is { } tables)
        {
            check.That(tables.Count > 0, "homology.tables", "empty (give one table per non-reference species, or path)");
            check.That(homology.Path.Length == 0, "homology.path", "give path or tables, not both");
            check.That(homology.Source == "table", "homology.source", "tables are read with source table");
            for (var i = 0; i < tables.Count; i++)
            {
                check.That(tables[i] is not null, $"homology.tables[{i}]", "null: expected { \"path\": …, \"species\": … }");
                check.That(tables[i].Path.Length > 0, $"homology.tables[{i}].path", "missing ortholog table");
                check.That(File.Exists(tables[i].Path), $"homology.tables[{i}].path", $"{tables[i].Path} does not exist");
                check.That(tables[i].Species is null || species.Contains(tables[i].Species!), $"homology.tables[{i}].species",
                    $"'{tables[i].Species}' is not among the inputs ({string.Join(", ", species)})");
            }
        }
        else if (homology.Source == "table")
        {
            check.That(homology.Path.Length > 0, "homology.path", "missing ortholog table");
            check.That(File.Exists(homology.Path), "homology.path", $"{homology.Path} does not exist");
        }
        else
        {
            check.That(config.Proteins is { Level: "gene" }, "homology.source", "'map' needs a proteins section at level gene (the map's gene symbols become the shared genes)");
        }

        check.That(homology.ReferenceSpecies is null || species.Contains(homology.ReferenceSpecies), "homology.referenceSpecies",
            $"'{homology.ReferenceSpecies}' is not among the inputs ({string.Join(", ", species)})");
    }

    private static void CheckCompareMethods(Checker check, List<string>? methods)
    {
        if (methods is null)
        {
            return;
        }

        check.That(methods.Count >= 1, "evaluation.compareMethods", "empty: name the methods to compare (or leave the key out)");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < methods.Count; i++)
        {
            var field = $"evaluation.compareMethods[{i}]";
            check.That(methods[i] is not null && IntegrationConfiguration.Methods.Contains(methods[i]), field, $"'{methods[i]}': expected {string.Join(", ", IntegrationConfiguration.Methods)}");
            check.That(seen.Add(methods[i]), field, $"'{methods[i]}' appears twice");
        }
    }

    private static void CheckIntegration(Checker check, IntegrationConfiguration integration)
    {
        check.That(IntegrationConfiguration.Methods.Contains(integration.Method), "integration.method", $"'{integration.Method}': expected {string.Join(", ", IntegrationConfiguration.Methods)}");
        var scvi = integration.Scvi;
        check.That(scvi.NHidden >= 1, "integration.scvi.nHidden", $"{scvi.NHidden}: must be at least 1");
        check.That(scvi.NLatent is >= 1 and <= Transforms.SingleCell.SingleCellColumns.MaxEmbeddingWidth, "integration.scvi.nLatent",
            $"{scvi.NLatent}: must lie in 1 … {Transforms.SingleCell.SingleCellColumns.MaxEmbeddingWidth}");
        check.That(scvi.NLayers >= 1, "integration.scvi.nLayers", $"{scvi.NLayers}: must be at least 1");
        check.That(scvi.DropoutRate is >= 0 and < 1, "integration.scvi.dropoutRate", $"{scvi.DropoutRate}: must lie in [0, 1)");
        check.That(scvi.GeneLikelihood is "zinb" or "nb", "integration.scvi.geneLikelihood", $"'{scvi.GeneLikelihood}': expected zinb or nb");
        check.That(scvi.MaxEpochs is null or >= 1, "integration.scvi.maxEpochs", $"{scvi.MaxEpochs}: must be at least 1 (or null for scvi-tools' heuristic)");
        check.That(scvi.KlWarmupEpochs is null or >= 0, "integration.scvi.klWarmupEpochs", $"{scvi.KlWarmupEpochs}: must not be negative");
        check.That(scvi.BatchSize >= 3, "integration.scvi.batchSize", $"{scvi.BatchSize}: must be at least 3 (batch norm)");
        check.That(scvi.LearningRate > 0 && double.IsFinite(scvi.LearningRate), "integration.scvi.learningRate", $"{scvi.LearningRate}: must be positive");
        check.That(scvi.TrainFraction is > 0 and <= 1, "integration.scvi.trainFraction", $"{scvi.TrainFraction}: must lie in (0, 1]");
        check.That(scvi.Threads is null or >= 1, "integration.scvi.threads", $"{scvi.Threads}: must be at least 1");
        check.That(scvi.AdversarialScale is null or >= 0 and < double.PositiveInfinity, "integration.scvi.adversarialScale", $"{scvi.AdversarialScale}: must be ≥ 0 (or null for 1 − the KL weight)");
        var scanvi = integration.Scanvi;
        check.That(scanvi.ClassificationRatio >= 0 && double.IsFinite(scanvi.ClassificationRatio), "integration.scanvi.classificationRatio", $"{scanvi.ClassificationRatio}: must be ≥ 0");
        check.That(scanvi.MaxEpochs is null or >= 1, "integration.scanvi.maxEpochs", $"{scanvi.MaxEpochs}: must be at least 1 (or null for scvi-tools' heuristic)");
        check.That(scanvi.KlWarmupEpochs is null or >= 0, "integration.scanvi.klWarmupEpochs", $"{scanvi.KlWarmupEpochs}: must not be negative");
        check.That(scanvi.AdversarialScale is null or >= 0 and < double.PositiveInfinity, "integration.scanvi.adversarialScale", $"{scanvi.AdversarialScale}: must be ≥ 0 (or null for 1 − the KL weight)");
        check.That(scanvi.SamplesPerLabel is null or >= 1, "integration.scanvi.samplesPerLabel", $"{scanvi.SamplesPerLabel}: must be at least 1 (or null for every labelled cell)");
    }

    private static void CheckHarmony(Checker check, HarmonyConfiguration harmony)
    {
        check.That(harmony.Theta >= 0 && double.IsFinite(harmony.Theta), "harmony.theta", $"{harmony.Theta}: must be ≥ 0");
        check.That(harmony.Sigma > 0 && double.IsFinite(harmony.Sigma), "harmony.sigma", $"{harmony.Sigma}: must be positive");
        check.That(harmony.Lambda >= 0 && double.IsFinite(harmony.Lambda), "harmony.lambda", $"{harmony.Lambda}: must be ≥ 0");
        check.That(harmony.Clusters is null or >= 2, "harmony.clusters", $"{harmony.Clusters}: at least 2 (or null for Harmony's default)");
        check.That(harmony.MaxRounds >= 1, "harmony.maxRounds", $"{harmony.MaxRounds}: must be at least 1");
        check.That(harmony.MaxClusterIterations >= 1, "harmony.maxClusterIterations", $"{harmony.MaxClusterIterations}: must be at least 1");
        check.That(harmony.BlockSize is > 0 and <= 1, "harmony.blockSize", $"{harmony.BlockSize}: must lie in (0, 1]");
        check.That(harmony.EpsilonCluster > 0, "harmony.epsilonCluster", $"{harmony.EpsilonCluster}: must be positive");
        check.That(harmony.EpsilonHarmony > 0, "harmony.epsilonHarmony", $"{harmony.EpsilonHarmony}: must be positive");
    }

    private static void CheckProteins(Checker check, RunConfiguration config, ProteinsConfiguration proteins)
    {
        check.That(proteins.Fasta.Count > 0, "proteins.fasta", "no FASTA file");
        for (var i = 0; i < proteins.Fasta.Count; i++)
        {
            check.That(proteins.Fasta[i].Path.Length > 0, $"proteins.fasta[{i}].path", "missing file");
            check.That(File.Exists(proteins.Fasta[i].Path), $"proteins.fasta[{i}].path", $"{proteins.Fasta[i].Path} does not exist");
            check.That(!string.IsNullOrWhiteSpace(proteins.Fasta[i].Species), $"proteins.fasta[{i}].species", "missing species name");
        }

        var proteinSpecies = proteins.Fasta.Select(fasta => fasta.Species).Distinct().ToList();
        check.That(proteinSpecies.Count >= 2, "proteins.fasta", "the map needs proteins of at least two species");
        if (config.Homology.Source == "map")
        {
            var missing = config.Inputs.Select(input => input.Species).Where(name => !proteinSpecies.Contains(name)).ToList();
            check.That(proteinSpecies.Count == 2 || missing.Count == 0, "proteins.fasta", $"no proteome for {string.Join(", ", missing)}: with three or more species every input needs its proteins");
        }

        check.That(config.Mapping.Pairs is "reference" or "all", "mapping.pairs", $"'{config.Mapping.Pairs}': expected reference (each species against the reference) or all (every species pair)");
        check.That(proteins.Level is "gene" or "protein", "proteins.level", $"'{proteins.Level}': expected gene or protein");
        check.That(proteins.Pool is "mean" or "max", "proteins.pool", $"'{proteins.Pool}': expected mean or max");
        check.That(proteins.FamilyAttribute is null || proteins.FamilyAttribute.Length > 0, "proteins.familyAttribute", "empty (leave the key out when the headers name no family)");
        var esm = config.Esm;
        check.That(esm.Model.Length > 0, "esm.model", "missing checkpoint path or published model name");
        check.That(esm.Layer >= -1, "esm.layer", $"{esm.Layer}: a layer number ≥ 0, or -1 for the last");
        check.That(esm.MaxTokens >= 3, "esm.maxTokens", $"{esm.MaxTokens}: a batch needs room for at least one sequence (≥ 3 tokens)");
        check.That(esm.Threads is null or >= 1, "esm.threads", $"{esm.Threads}: at least 1 (or null for libtorch's choice)");
        var mapping = config.Mapping;
        check.That(MapStrategies.Names.Contains(mapping.Strategy), "mapping.strategy", $"'{mapping.Strategy}': expected {string.Join(", ", MapStrategies.Names)}");
        check.That(ProteinMap.Metrics.Contains(mapping.Metric), "mapping.metric", $"'{mapping.Metric}': expected {string.Join(" or ", ProteinMap.Metrics)}");
        check.That(mapping.TopK >= 1, "mapping.topK", $"{mapping.TopK}: must be at least 1");
        check.That(mapping.MinScore is null || float.IsFinite(mapping.MinScore.Value), "mapping.minScore", $"{mapping.MinScore}: must be a number");
    }

    private static void CheckEntries(Checker check, List<string>? values, string field)
    {
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            check.That(!string.IsNullOrWhiteSpace(values![i]), $"{field}[{i}]", "null or empty");
        }
    }

    private readonly struct Checker(string path)
    {
        public void That(bool ok, string field, string problem)
        {
            if (!ok)
            {
                throw new RunConfigurationException(path, field, problem);
            }
        }
    }
}
