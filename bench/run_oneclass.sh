#!/usr/bin/env bash
# Fashion-MNIST one-class anomaly detection: for each class K, vae4j trains on the training images of class K
# alone and scores all 10,000 test images (the other nine classes are the anomalies), beside PCA and kNN on the
# same images, in one go.
#
#   bench/run_oneclass.sh [--classes 0,1,...,9] [--seeds S] [--epochs E] [--methods elbo,iw,recon-prob]
#                         [--samples L] [--knn-subset N] [--threads T] [--quiet-wait SECONDS] [--results DIR]
#
# Data: Fashion-MNIST's IDX files in /usr/share/datasets/fashion-mnist (apt install dataset-fashion-mnist). The
# training images of each class K are written to an IDX pair in the run folder (data/class-K-*-ubyte.gz, the
# standard IDX3/IDX1 format, gzip). For each class K of --classes (default all ten) and seed 1..S (default 1):
#   (v) vae4j train --data idx:class-K-images,class-K-labels --out model --epochs E (default 100) --seed s
#       --val none --no-progress --likelihood bernoulli (the default MLP; timed: wall seconds of the whole process,
#       GNU time), then for each method M of --methods: vae4j score --model model --data idx:TEST-IMAGES,TEST-LABELS
#       --normal-class K --method M --samples L (default 50) --seed s --out scores-M.csv --json (printed, kept as scores-M.json)
#   (b) bench/oneclass_baselines.py --class K --seed s: PCA reconstruction error (90% of the variance) fitted on
#       the class's training images, and kNN (k = 5) against a random subset of N of them (--knn-subset, default
#       2000, seeded; 0 = all 6,000), for speed
# vae4j runs from a copy of the jar made at the start (bench/lib.sh snapshot_jar), with OMP_NUM_THREADS=T (default
# 2); before each training step the script waits up to --quiet-wait seconds (default 30) for an idle machine.
# Writes bench/results/<date>-<host>-oneclass.md and .json (bench/report_oneclass.py); raw outputs in
# bench/out/<run>-oneclass/, one folder per class and seed (with its model).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
PY=/usr/bin/python3
DATA=/usr/share/datasets/fashion-mnist
CLASSES=0,1,2,3,4,5,6,7,8,9; SEEDS=1; EPOCHS=100; METHODS=elbo,iw,recon-prob; SAMPLES=50; KNN_SUBSET=2000
THREADS=2; QUIET_WAIT=30
RESULTS="$here/results"
invocation="bench/run_oneclass.sh $*"
BENCH_NAME=bench/run_oneclass.sh
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
method_re='(elbo|iw|recon-prob)'
while [ $# -gt 0 ]; do
    case "$1" in
        --classes) [ $# -ge 2 ] && [[ "$2" =~ ^[0-9](,[0-9])*$ ]] || die "--classes needs a list of classes 0..9"; CLASSES=$2; shift 2 ;;
        --seeds) pos_int "$@"; SEEDS=$2; shift 2 ;;
        --epochs) pos_int "$@"; EPOCHS=$2; shift 2 ;;
        --methods) [ $# -ge 2 ] && [[ "$2" =~ ^$method_re(,$method_re)*$ ]] || die "--methods needs a list of elbo, iw, recon-prob"; METHODS=$2; shift 2 ;;
        --samples) pos_int "$@"; SAMPLES=$2; shift 2 ;;
        --knn-subset) [ $# -ge 2 ] && is_int "$2" || die "--knn-subset needs a number of images (0 = all)"; KNN_SUBSET=$2; shift 2 ;;
        --threads) pos_int "$@"; THREADS=$2; shift 2 ;;
        --quiet-wait) [ $# -ge 2 ] && is_int "$2" || die "--quiet-wait needs a number of seconds"; QUIET_WAIT=$2; shift 2 ;;
        --results) [ $# -ge 2 ] || die "--results needs a folder"; RESULTS=$2; shift 2 ;;
        -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# q ARGS...: the arguments as one shell-quoted line, paths in the run folder relative to it and the project's
# relative to the project (what the .cmd files, the log and the report show).
q() {
    local a s=""
    for a in "$@"; do
        a="${a//"$out"\//}"; a="${a//"$root"\//}"
        [[ "$a" =~ ^[A-Za-z0-9_./:,=+-]+$ ]] || a="'${a//\'/\'\\\'\'}'"
        s+="${s:+ }$a"
    done
    echo "$s"
}
# quick_step NAME SHOWN -- COMMAND...: lib.sh's run_step without the wait for an idle machine and the timing (for
# the steps whose figures do not depend on the machine's load: scoring, baselines).
quick_step() {
    local name=$1 shown=$2; shift 3
    log "$shown"
    printf '%s\n' "$shown" > "$out/$name.cmd"
    "$@" > "$out/$name.out" 2> "$out/$name.err" || { tail -5 "$out/$name.err" >&2; die "$name failed (see $out/$name.err)"; }
}

find_java_and_time
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
    [ -r "$DATA/$f.gz" ] || die "Fashion-MNIST not found: $DATA/$f.gz is missing (on Debian: apt install dataset-fashion-mnist)"
done
[ -x "$PY" ] || die "$PY not found (Debian's python3 with python3-sklearn and python3-numpy)"
"$PY" -c 'import numpy, sklearn' 2>/dev/null || die "$PY cannot import numpy and sklearn (apt install python3-sklearn)"
for f in idx_data.py oneclass_baselines.py report_oneclass.py report.py; do
    [ -r "$here/$f" ] || die "$here/$f is missing"
done
test_data="idx:$DATA/t10k-images-idx3-ubyte.gz,$DATA/t10k-labels-idx1-ubyte.gz"
host="$(hostname -s 2>/dev/null || echo host)"
export OMP_NUM_THREADS="$THREADS"
out="$here/out/$(date +%Y-%m-%d-%H%M%S)-$host-oneclass"
mkdir -p "$out/data"
snapshot_jar
printf '%s\n' "$invocation" > "$out/invocation.txt"
{
    echo "invocation=$invocation"; echo "commit=$commit"; echo "date=$(date -Is)"
    echo "classes=$CLASSES"; echo "seeds=$SEEDS"; echo "epochs=$EPOCHS"; echo "methods=$METHODS"
    echo "samples=$SAMPLES"; echo "knn_subset=$KNN_SUBSET"; echo "threads=$THREADS"; echo "quiet_wait=$QUIET_WAIT"
    echo "data=$DATA"; echo "test_data=$test_data"
    echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"; echo "cores=$(nproc)"
    echo "java=$("$java_cmd" -version 2>&1 | head -1)"
    echo "python=$("$PY" -c 'import platform, numpy, sklearn; print(platform.python_version(), "numpy", numpy.__version__, "sklearn", sklearn.__version__)')"
    echo "inherited_env=$(inherited_threads)"
} > "$out/settings.txt"
cat /proc/cpuinfo > "$out/cpuinfo.txt"; cat /proc/meminfo > "$out/meminfo.txt"
{ cat /etc/os-release 2>/dev/null || true; echo "KERNEL=$(uname -srm)"; } > "$out/os.txt"
"$java_cmd" -version > "$out/java-version.txt" 2>&1
echo "$commit" > "$out/git-head.txt"
log "raw outputs in $out"

# The training images of each class as an IDX pair (gzip with a fixed time stamp, so the same bytes every run).
"$PY" - "$here" "$DATA" "$out/data" "$CLASSES" <<'PYEOF' || die "writing the per-class IDX files failed"
import gzip, os, sys
here, source, dest, classes = sys.argv[1:5]
sys.path.insert(0, here)
sys.dont_write_bytecode = True
from idx_data import read_idx

images = read_idx(os.path.join(source, "train-images-idx3-ubyte.gz"), 2051)
labels = read_idx(os.path.join(source, "train-labels-idx1-ubyte.gz"), 2049)


def write_idx(path, magic, array):
    header = magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(header + array.astype("uint8").tobytes())


for k in sorted({int(c) for c in classes.split(",")}):
    keep = labels == k
    write_idx(os.path.join(dest, "class-%d-images-idx3-ubyte.gz" % k), 0x00000803, images[keep])
    write_idx(os.path.join(dest, "class-%d-labels-idx1-ubyte.gz" % k), 0x00000801, labels[keep])
    print("class %d: %d training images" % (k, keep.sum()), file=sys.stderr)
PYEOF
v4j=("$java_cmd" -jar "$jar")

for k in ${CLASSES//,/ }; do
    for seed in $(seq 1 "$SEEDS"); do
        cell="class$k-seed$seed"
        dir="$out/$cell"
        mkdir -p "$dir"
        train=(train --data "idx:$out/data/class-$k-images-idx3-ubyte.gz,$out/data/class-$k-labels-idx1-ubyte.gz"
               --out "$dir/model" --epochs "$EPOCHS" --seed "$seed" --val none --no-progress --likelihood bernoulli)
        run_step "$cell/train" "vae4j $(q "${train[@]}")" -- "${v4j[@]}" "${train[@]}"
        for method in ${METHODS//,/ }; do
            score=(score --model "$dir/model" --data "$test_data" --normal-class "$k" --method "$method"
                   --samples "$SAMPLES" --seed "$seed" --out "$dir/scores-$method.csv" --json)
            quick_step "$cell/score-$method" "vae4j $(q "${score[@]}")" -- "${v4j[@]}" "${score[@]}"
            cp "$dir/score-$method.out" "$dir/scores-$method.json"  # --json prints the summary
            [ -s "$dir/scores-$method.json" ] || die "vae4j score wrote no $dir/scores-$method.json"
        done
        baselines=("$here/oneclass_baselines.py" --class "$k" --seed "$seed" --knn-subset "$KNN_SUBSET" --source "$DATA"
                   --json "$dir/baselines.json")
        quick_step "$cell/baselines" "$(q "${baselines[@]}")" -- "$PY" "${baselines[@]}"
    done
done
rm -rf "$out/jar"
"$PY" "$here/report_oneclass.py" --run "$out" --results "$RESULTS" --host "$host"
