# Runs the R code of docs/scanpy-seurat.md (docs/r/*.R, sourced unchanged) for GuideRoundTripTests.
#   Rscript guide_r_roundtrip.R write <repository> <work folder>
#     a real Seurat object of the bundled mouse pancreas cells (counts, cell_type, normalised data as any Seurat
#     workflow has it) -> docs/r/write_counts.R -> <work>/mouse_10x
#   Rscript guide_r_roundtrip.R read <repository> <work folder>
#     docs/r/read_integrated.R on <work>/out/mine/integrated.h5ad, then what Seurat holds, for the test to compare:
#     <work>/r_cells.tsv (cell, species, cell_type, pllm_cell_type, nCount_RNA), <work>/r_genes.txt,
#     <work>/r_x_pllm.csv (the "pllm" reduction, 9 significant digits: float32 exactly), <work>/r_summary.tsv
args <- commandArgs(trailingOnly = TRUE)
repository <- normalizePath(args[2])
setwd(args[3])
suppressMessages(library(Seurat))
if (args[1] == "write") {
  folder <- file.path(repository, "data", "pancreas", "mouse_mtx")
  cells <- read.delim(file.path(folder, "cells.tsv"), row.names = 1, stringsAsFactors = FALSE, check.names = FALSE)
  seu <- CreateSeuratObject(Read10X(folder, gene.column = 2), meta.data = cells)
  seu <- NormalizeData(seu, verbose = FALSE)   # "data" differs from "counts", so writing the wrong one shows
  source(file.path(repository, "docs", "r", "write_counts.R"), print.eval = TRUE)
} else if (args[1] == "read") {
  file.copy(file.path(repository, "docs", "r", "read_h5ad.R"), "read_h5ad.R", overwrite = TRUE)
  source(file.path(repository, "docs", "r", "read_integrated.R"), print.eval = TRUE)
  write.table(data.frame(cell = colnames(seu), species = seu$species, cell_type = seu$cell_type,
                         pllm_cell_type = seu$pllm_cell_type, nCount_RNA = seu$nCount_RNA),
              "r_cells.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
  writeLines(rownames(seu), "r_genes.txt")
  embedding <- Embeddings(seu, "pllm")
  writeLines(apply(embedding, 1, function(row) paste(sprintf("%.9g", row), collapse = ",")), "r_x_pllm.csv")
  write.table(data.frame(key = c("cells", "genes", "pllm_dims", "umap_dims", "species_factor", "pllm_cell_type_factor"),
                         value = c(ncol(seu), nrow(seu), ncol(embedding), ncol(Embeddings(seu, "umap")),
                                   as.character(is.factor(seu$species)), as.character(is.factor(seu$pllm_cell_type)))),
              "r_summary.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
} else {
  stop("usage: guide_r_roundtrip.R write|read <repository> <work folder>")
}
cat("Seurat", as.character(packageVersion("Seurat")), "\n")
