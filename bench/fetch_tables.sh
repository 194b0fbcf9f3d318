#!/usr/bin/env bash
# Converts the tables of the table benchmarks (bench/run_tables.sh, bench/run_synth.sh) from Debian's R packages
# into bench/out/data/tables/ (git-ignored), as CSV with a header row, missing cells left empty.
#
#   bench/fetch_tables.sh [--out DIR]
#
# From r-cran-mlbench, with ADBench's choice of normal and anomalous rows (Han et al. 2022):
# - breastw.csv: BreastCancer without Id; the 9 cell features (ordered factors in R) as numbers; label Class,
#   anomalies malignant. The 16 rows with a missing Bare.nuclei are kept, their cell empty (ADBench drops them:
#   683 rows there, 699 here).
# - pima.csv: PimaIndiansDiabetes; label diabetes, anomalies pos.
# - shuttle.csv: Shuttle without its class-4 rows (High); label Class; normal class 1 (Rad.Flow), the other five
#   classes anomalies (49,097 rows, 3,511 anomalies, as in ADBench).
# - satellite.csv: Satellite; label classes; the three smallest classes are the anomalies (computed here and
#   listed with their sizes in satellite.anomalies.txt; 2,036 of 6,435 rows, as in ADBench).
# From r-cran-palmerpenguins:
# - penguins.csv: palmerpenguins::penguins, all 8 columns (species is the label run_synth.sh uses).
# For each anomaly table NAME.anomaly.txt holds the label values that are anomalies, comma-separated, on one line.
# Each file's row count is checked against the known size, and a one-line summary printed per file.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$here/out/data/tables"
die() { echo "bench/fetch_tables.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --out) [ $# -ge 2 ] || die "--out needs a folder"; OUT=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
install_hint="on Debian: apt-get install r-base-core r-cran-mlbench r-cran-palmerpenguins"
command -v Rscript >/dev/null || die "Rscript not found ($install_hint)"
for pkg in mlbench palmerpenguins; do
    Rscript -e "quit(status = if (requireNamespace('$pkg', quietly = TRUE)) 0 else 1)" >/dev/null 2>&1 \
        || die "the R package $pkg is not installed ($install_hint)"
done
mkdir -p "$OUT"
# R writes the files and prints one summary line per file; any failed check stops it with a line on stderr.
Rscript --vanilla - "$OUT" <<'REOF' || die "the conversion failed (see above)"
out <- commandArgs(trailingOnly = TRUE)[1]
suppressPackageStartupMessages({ library(mlbench); library(palmerpenguins) })
fail <- function(...) { message("bench/fetch_tables.sh: ", ...); quit(status = 2) }

# write_table(df, name, rows, label, anomalies): NAME.csv (NA as empty cells) and, with a label, NAME.anomaly.txt;
# checks the row count and prints the summary line.
write_table <- function(df, name, rows, label = NULL, anomalies = NULL) {
    if (nrow(df) != rows) fail(name, ": ", nrow(df), " rows, expected ", rows)
    path <- file.path(out, paste0(name, ".csv"))
    write.csv(df, path, row.names = FALSE, na = "")
    missing <- sum(is.na(df))
    line <- sprintf("%s: %d rows, %d columns, %d missing cells", path, nrow(df), ncol(df), missing)
    if (!is.null(label)) {
        values <- as.character(df[[label]])
        if (!all(anomalies %in% values)) fail(name, ": anomaly values not in ", label, ": ", paste(anomalies, collapse = ","))
        writeLines(paste(anomalies, collapse = ","), file.path(out, paste0(name, ".anomaly.txt")))
        line <- sprintf("%s; label %s, %d anomalies (%s)", line, label, sum(values %in% anomalies),
                        paste(anomalies, collapse = ","))
    }
    cat(line, "\n", sep = "")
}

data(BreastCancer, package = "mlbench")
b <- BreastCancer[, setdiff(names(BreastCancer), "Id")]
for (col in setdiff(names(b), "Class")) b[[col]] <- as.numeric(as.character(b[[col]]))
b$Class <- as.character(b$Class)
write_table(b, "breastw", 699, "Class", "malignant")

data(PimaIndiansDiabetes, package = "mlbench")
p <- PimaIndiansDiabetes
p$diabetes <- as.character(p$diabetes)
write_table(p, "pima", 768, "diabetes", "pos")

data(Shuttle, package = "mlbench")
s <- Shuttle
if (nrow(s) != 58000) fail("Shuttle: ", nrow(s), " rows, expected 58000")
lv <- levels(s$Class)
if (lv[1] != "Rad.Flow" || lv[4] != "High") fail("Shuttle: class 1 is ", lv[1], " and class 4 ", lv[4],
                                                 ", expected Rad.Flow and High")
dropped <- sum(as.integer(s$Class) == 4)
s <- s[as.integer(s$Class) != 4, ]
s$Class <- as.character(s$Class)
if (dropped != 8903) fail("Shuttle: ", dropped, " rows of class 4, expected 8903")
write_table(s, "shuttle", 58000 - dropped, "Class", setdiff(lv, lv[c(1, 4)]))

data(Satellite, package = "mlbench")
t <- Satellite
t$classes <- as.character(t$classes)
sizes <- sort(table(t$classes))
smallest <- names(sizes)[1:3]
if (sizes[[3]] == sizes[[4]]) fail("Satellite: the third and fourth smallest classes tie (", sizes[[3]], " rows)")
writeLines(c("# Satellite's classes by size (rows); the three smallest are the anomalies (ADBench)",
             sprintf("%s\t%d\t%s", names(sizes), as.integer(sizes), ifelse(names(sizes) %in% smallest, "anomaly", "normal"))),
           file.path(out, "satellite.anomalies.txt"))
write_table(t, "satellite", 6435, "classes", smallest)

peng <- as.data.frame(palmerpenguins::penguins)
for (col in names(peng)) if (is.factor(peng[[col]])) peng[[col]] <- as.character(peng[[col]])
write_table(peng, "penguins", 344)
REOF
echo "wrote $OUT" >&2
