# A Seurat object's raw counts as a 10x folder that PllmML reads, with the cell types as cells.tsv.
# Run in an R session that holds your Seurat object as `seu` (with a `cell_type` metadata column).
library(Seurat)
library(DropletUtils)
counts <- if (packageVersion("SeuratObject") >= "5.0.0") {
  LayerData(seu, assay = "RNA", layer = "counts")           # Seurat v5
} else {
  GetAssayData(seu, assay = "RNA", slot = "counts")         # Seurat v4 (the counts, not the normalised "data")
}
write10xCounts("mouse_10x", counts, version = "3")          # matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz
write.table(data.frame(barcode = colnames(seu), cell_type = seu$cell_type),
            "mouse_10x/cells.tsv", sep = "\t", quote = FALSE, row.names = FALSE)
