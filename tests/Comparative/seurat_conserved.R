# Seurat peer of PllmML.Comparative's conserved markers, run by SeuratPeerTests with Rscript (Debian r-cran-seurat 4.3
# and r-cran-metap, which FindConservedMarkers needs for its default minimump).
#   Rscript seurat_conserved.R <10x folder with cells.tsv> <label column> <species column> <genes.txt> <out.csv>
# FindConservedMarkers(grouping.var = species, test.use = "wilcox", logfc.threshold = 0, min.pct = 0) for every cell
# type, on NormalizeData(LogNormalize, scale.factor = 1e4) of all cells, for the genes listed in genes.txt.
suppressMessages(library(Seurat))
args <- commandArgs(trailingOnly = TRUE)
counts <- Read10X(args[1], gene.column = 2)
cells <- read.delim(file.path(args[1], "cells.tsv"), check.names = FALSE, stringsAsFactors = FALSE)
genes <- readLines(args[4])
row <- match(colnames(counts), cells$barcode)
object <- CreateSeuratObject(counts, min.cells = 0, min.features = 0,
                             meta.data = data.frame(species = cells[[args[3]]][row], row.names = colnames(counts)))
object <- NormalizeData(object, normalization.method = "LogNormalize", scale.factor = 1e4, verbose = FALSE)
Idents(object) <- factor(cells[[args[2]]][row])
features <- intersect(gsub("_", "-", genes), rownames(object))
# metap's minimump refuses the NaN p-value FindMarkers gives a gene detected in no cell of a species: test the genes
# detected in every species (ours does the same: a gene must pass the filters in every species).
detected <- sapply(unique(object$species), function(s) Matrix::rowSums(counts[features, object$species == s, drop = FALSE] > 0) > 0)
features <- features[apply(detected, 1, all)]
rows <- list()
for (type in levels(Idents(object))) {
  m <- FindConservedMarkers(object, ident.1 = type, grouping.var = "species", features = features,
                            logfc.threshold = 0, min.pct = 0, test.use = "wilcox", verbose = FALSE)
  rows[[type]] <- data.frame(cell_type = type, gene = rownames(m), rank = seq_len(nrow(m)),
                             p_human = m$human_p_val, p_mouse = m$mouse_p_val,
                             logfc_human = m$human_avg_log2FC, logfc_mouse = m$mouse_avg_log2FC,
                             minimump = m$minimump_p_val)
}
write.csv(do.call(rbind, rows), args[5], row.names = FALSE)
cat("Seurat", as.character(packageVersion("Seurat")), "metap", as.character(packageVersion("metap")), "\n")
