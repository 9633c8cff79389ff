# Reference figures for `verbinding analyse --factors`, computed with R psych (2.2.9) and
# GPArotation, both from Debian (r-cran-psych pulls them in).
#
# Run from the repository root (needs ../shared/data next to it):
#   Rscript tests/measure/reference/factors_reference.R > tests/measure/reference/factors.json
#
# Per data set, on the respondents who answered every item (missing code 0 and NA
# dropped), after reverse keying (min + max - x):
#   eigenvalues the six largest eigenvalues of cor(x), what parallel analysis compares
#   components  psych::fa.parallel(x, fa = "pc", n.iter = 20)$ncomp for seeds 1 to 5:
#               Horn's parallel analysis on principal components, as
#               `verbinding.measure.factors` does; its random draws decide close cases
#   at_home     for k factors (minres, oblimin), k = the number of scales and one more, how
#               many items load highest on the factor matched to their own scale; factors
#               and scales matched greedily by the mean absolute loading of the scale's
#               items (the module's rule)
# The tests read the JSON this prints, so CI needs no R.
suppressMessages({
  library(psych)
  library(GPArotation)
  library(jsonlite)
})

data_dir <- file.path("..", "shared", "data")

keyed <- function(file, sep, scales, reversed, low, high) {
  d <- read.table(file.path(data_dir, file), header = TRUE, sep = sep, quote = "\"",
                  na.strings = c("", "NA"), check.names = FALSE)
  x <- d[, unlist(scales), drop = FALSE]
  x[x == 0] <- NA
  x <- na.omit(x)
  for (item in reversed) x[[item]] <- low + high - x[[item]]
  x
}

at_home <- function(x, scales, k) {
  f <- suppressMessages(suppressWarnings(
    fa(x, nfactors = k, fm = "minres", rotate = "oblimin")))
  loadings <- unclass(f$loadings)
  means <- sapply(names(scales), function(s)
    colMeans(abs(loadings[scales[[s]], , drop = FALSE])))
  means <- matrix(means, nrow = k, dimnames = list(NULL, names(scales)))
  owner <- rep(NA_character_, k)
  taken <- rep(FALSE, length(scales))
  for (step in seq_len(min(k, length(scales)))) {
    free <- means
    free[!is.na(owner), ] <- -Inf
    free[, taken] <- -Inf
    at <- which(free == max(free), arr.ind = TRUE)[1, ]
    owner[at[1]] <- colnames(means)[at[2]]
    taken[at[2]] <- TRUE
  }
  highest <- apply(abs(loadings), 1, which.max)
  own <- rep(names(scales), times = lengths(scales))
  sum(owner[highest] == own, na.rm = TRUE)
}

parallel <- function(x, seed) {
  set.seed(seed)
  # fa.parallel prints its verdict; keep stdout for the JSON alone.
  invisible(capture.output(pa <- suppressMessages(suppressWarnings(
    fa.parallel(x, fa = "pc", n.iter = 20, plot = FALSE)))))
  pa$ncomp
}

figures <- function(x, scales) {
  ks <- length(scales) + 0:1
  list(
    n = nrow(x),
    eigenvalues = eigen(cor(x), only.values = TRUE)$values[1:6],
    components = sapply(1:5, function(seed) parallel(x, seed)),
    at_home = as.list(setNames(sapply(ks, function(k) at_home(x, scales, k)), ks))
  )
}

q <- function(prefix, numbers) paste0(prefix, numbers)
bfi_scales <- list(
  agreeableness = q("A", 1:5), conscientiousness = q("C", 1:5),
  extraversion = q("E", 1:5), neuroticism = q("N", 1:5), openness = q("O", 1:5)
)
sd3_scales <- list(mach = q("M", 1:9), narc = q("N", 1:9), psych = q("P", 1:9))

out <- list(
  psych = as.character(packageVersion("psych")),
  bfi = figures(keyed("psych_bfi/bfi.csv", ",", bfi_scales,
                      c("A1", "C4", "C5", "E1", "E2", "O2", "O5"), 1, 6), bfi_scales),
  sd3 = figures(keyed("openpsychometrics_SD3/data.csv", "\t", sd3_scales,
                      c("N2", "N6", "N8", "P2", "P7"), 1, 5), sd3_scales)
)
cat(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
