# PllmML's integrated.h5ad as a Seurat object, with the integrated embedding X_pllm as the reduction "pllm".
library(Seurat)
source("read_h5ad.R")                                   # read_pllm_h5ad(), with hdf5r
adata <- read_pllm_h5ad("out/mine/integrated.h5ad")
seu <- CreateSeuratObject(counts = adata$counts, meta.data = adata$obs)
pllm <- adata$obsm[["X_pllm"]]
colnames(pllm) <- paste0("PLLM_", seq_len(ncol(pllm)))
seu[["pllm"]] <- CreateDimReducObject(embeddings = pllm, key = "PLLM_", assay = DefaultAssay(seu))
seu <- FindNeighbors(seu, reduction = "pllm", dims = 1:ncol(pllm))
seu <- RunUMAP(seu, reduction = "pllm", dims = 1:ncol(pllm))
DimPlot(seu, group.by = c("species", "pllm_cell_type"))
FeaturePlot(seu, features = "pllm_probability")
