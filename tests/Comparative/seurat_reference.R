# Seurat peer of PllmML.Comparative, run by SeuratPeerTests with Rscript (Debian r-cran-seurat 4.3).
#   Rscript seurat_reference.R <10x folder with cells.tsv> <label column> <genes.txt> <out.csv>
# FindMarkers(test.use = "wilcox", logfc.threshold = 0, min.pct = 0) for every cell type against the rest, on
# NormalizeData(LogNormalize, scale.factor = 1e4), for the genes listed in genes.txt.
suppressMessages(library(Seurat))
args <- commandArgs(trailingOnly = TRUE)
counts <- Read10X(args[1], gene.column = 2)
cells <- read.delim(file.path(args[1], "cells.tsv"), check.names = FALSE, stringsAsFactors = FALSE)
genes <- readLines(args[3])
object <- CreateSeuratObject(counts, min.cells = 0, min.features = 0)
object <- NormalizeData(object, normalization.method = "LogNormalize", scale.factor = 1e4, verbose = FALSE)
Idents(object) <- factor(cells[[args[2]]][match(colnames(object), cells$barcode)])
features <- intersect(gsub("_", "-", genes), rownames(object))
rows <- list()
for (type in levels(Idents(object))) {
  m <- FindMarkers(object, ident.1 = type, features = features, logfc.threshold = 0, min.pct = 0,
                   test.use = "wilcox", verbose = FALSE)
  rows[[type]] <- data.frame(cell_type = type, gene = rownames(m), p_val = m$p_val, avg_log2FC = m$avg_log2FC,
                             pct.1 = m$pct.1, pct.2 = m$pct.2)
}
write.csv(do.call(rbind, rows), args[4], row.names = FALSE)
cat("Seurat", as.character(packageVersion("Seurat")), "\n")
