# Reads what PllmML writes into an .h5ad (X as CSR or CSC, obs, obsm) with hdf5r alone, no Python and no zellkonverter.
# read_pllm_h5ad(path) returns list(counts = genes x cells dgCMatrix, obs = data.frame, obsm = list of cells x k matrices).
library(hdf5r)
library(Matrix)

read_pllm_h5ad <- function(path) {
  file <- H5File$new(path, mode = "r")
  on.exit(file$close_all())
  cells <- file[["obs/_index"]]$read()
  genes <- file[["var/_index"]]$read()

  # X: CSR (cells x genes) is CSC of genes x cells, Seurat's orientation; CSC (cells x genes) is its transpose.
  x <- file[["X"]]
  type <- h5attr(x, "encoding-type")
  if (!type %in% c("csr_matrix", "csc_matrix")) stop("X is ", type, ", not a sparse matrix")
  compressed <- sparseMatrix(i = x[["indices"]]$read() + 1, p = x[["indptr"]]$read(), x = as.numeric(x[["data"]]$read()),
                             dims = if (type == "csr_matrix") c(length(genes), length(cells)) else c(length(cells), length(genes)))
  counts <- if (type == "csr_matrix") compressed else t(compressed)
  dimnames(counts) <- list(genes, cells)

  # obs: a categorical column is a group of 0-based codes (-1: missing) and categories; a nullable one (anndata's
  # nullable-integer/-boolean) a group of values and mask; other columns are datasets.
  obs <- data.frame(row.names = cells)
  for (name in h5attr(file[["obs"]], "column-order")) {
    column <- file[[paste0("obs/", name)]]
    obs[[name]] <- if (!inherits(column, "H5Group")) {
      column$read()
    } else if (column$exists("codes")) {
      codes <- column[["codes"]]$read()
      factor(column[["categories"]]$read()[ifelse(codes < 0, NA, codes + 1)], levels = column[["categories"]]$read())
    } else {
      values <- column[["values"]]$read()
      values[column[["mask"]]$read()] <- NA
      values
    }
  }

  # obsm: hdf5r shows a cells x k dataset as k x cells (R is column-major); transpose it back.
  obsm <- list()
  for (name in names(file[["obsm"]])) {
    obsm[[name]] <- t(file[[paste0("obsm/", name)]]$read())
    rownames(obsm[[name]]) <- cells
  }
  list(counts = counts, obs = obs, obsm = obsm)
}
