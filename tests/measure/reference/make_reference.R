# Reference figures for `verbinding calibrate`, computed with R psych (2.2.9, from Debian).
#
# Run from the repository root (needs ../shared/data next to it):
#   Rscript tests/measure/reference/make_reference.R > tests/measure/reference/calibration.json
#
# Per data set and scale, on the respondents who answered every item of the scale
# (missing code 0 and NA dropped), after reverse keying (min + max - x):
#   alpha      psych::alpha(x)$total$raw_alpha
#   omega      psych::omega(x, nfactors = 1)$omega.tot  (McDonald's omega total of the
#              one-factor minres solution: 1 - sum(uniquenesses) / sum(cor(x)))
#   mean, sd   mean() and sd() of rowMeans(x)
#   percentiles quantile(rowMeans(x), c(.05, .10, .25, .50, .75, .90, .95), type = 7)
#   item_rest  psych::alpha(x)$item.stats$r.drop
#   table      mid-rank percentile 100 * (mean(s < v) + mean(s == v) / 2) of every
#              possible item sum v, s = rowSums(x)
# The tests read the JSON this prints, so CI needs no R.
suppressMessages({
  library(psych)
  library(jsonlite)
})

data_dir <- file.path("..", "shared", "data")

read_items <- function(file, sep) {
  read.table(file.path(data_dir, file), header = TRUE, sep = sep, quote = "\"",
             na.strings = c("", "NA"), check.names = FALSE)
}

scale_figures <- function(d, items, reversed, low, high) {
  x <- d[, items, drop = FALSE]
  x[x == 0] <- NA  # the openpsychometrics missing code; bfi has none
  x <- na.omit(x)
  for (item in intersect(reversed, items)) x[[item]] <- low + high - x[[item]]
  m <- rowMeans(x)
  s <- rowSums(x)
  a <- psych::alpha(x, check.keys = FALSE, warnings = FALSE)
  o <- suppressMessages(suppressWarnings(psych::omega(x, nfactors = 1, plot = FALSE)))
  k <- length(items)
  sums <- (k * low):(k * high)
  list(
    n = nrow(x),
    mean = mean(m),
    sd = sd(m),
    alpha = a$total$raw_alpha,
    omega = o$omega.tot,
    percentiles = as.list(setNames(
      unname(quantile(m, c(.05, .10, .25, .50, .75, .90, .95), type = 7)),
      c("5", "10", "25", "50", "75", "90", "95"))),
    item_rest = as.list(setNames(a$item.stats$r.drop, items)),
    table = lapply(sums, function(v) c(v / k, 100 * (mean(s < v) + mean(s == v) / 2)))
  )
}

bfi <- read_items("psych_bfi/bfi.csv", ",")
kims <- read_items("openpsychometrics_KIMS/data.csv", ",")
sd3 <- read_items("openpsychometrics_SD3/data.csv", "\t")

q <- function(numbers) paste0("Q", numbers)
n9 <- function(prefix) paste0(prefix, 1:9)

reference <- list(
  bfi = list(
    agree = scale_figures(bfi, paste0("A", 1:5), "A1", 1, 6),
    conscientious = scale_figures(bfi, paste0("C", 1:5), c("C4", "C5"), 1, 6),
    extraversion = scale_figures(bfi, paste0("E", 1:5), c("E1", "E2"), 1, 6),
    neuroticism = scale_figures(bfi, paste0("N", 1:5), character(0), 1, 6),
    openness = scale_figures(bfi, paste0("O", 1:5), c("O2", "O5"), 1, 6)
  ),
  # Reverse keys from Baer, Smith & Allen (2004), appendix: items marked R.
  kims = local({
    reversed <- q(c(3, 4, 8, 11, 12, 14, 16, 18, 20, 22, 23, 24, 27, 28, 31, 32, 35, 36))
    list(
      observe = scale_figures(kims, q(c(1, 5, 9, 13, 17, 21, 25, 29, 30, 33, 37, 39)),
                              reversed, 1, 5),
      describe = scale_figures(kims, q(c(2, 6, 10, 14, 18, 22, 26, 34)), reversed, 1, 5),
      act = scale_figures(kims, q(c(3, 7, 11, 15, 19, 23, 27, 31, 35, 38)), reversed, 1, 5),
      accept = scale_figures(kims, q(c(4, 8, 12, 16, 20, 24, 28, 32, 36)), reversed, 1, 5)
    )
  }),
  sd3 = local({
    reversed <- c("N2", "N6", "N8", "P2", "P7")
    list(
      mach = scale_figures(sd3, n9("M"), reversed, 1, 5),
      narc = scale_figures(sd3, n9("N"), reversed, 1, 5),
      psych = scale_figures(sd3, n9("P"), reversed, 1, 5)
    )
  }),
  made_with = paste("R", getRversion(), "psych", packageVersion("psych"))
)

cat(toJSON(reference, auto_unbox = TRUE, digits = NA, pretty = TRUE), "\n")
