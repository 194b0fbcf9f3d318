# Shared by bench/run.sh, run_conv.sh, run_cvae.sh, run_eval.sh and run_inpaint.sh (sourced, not run). Expects: BENCH_NAME (for messages), root (the
# project), out (the run folder), QUIET_WAIT (seconds), java_cmd; defines the helpers below.

die() { echo "$BENCH_NAME: $*" >&2; exit 2; }
log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
is_int() { [[ "$1" =~ ^[0-9]+$ ]]; }
# pos_int "$@" inside an option loop: dies unless the option ($1) is followed by a positive integer ($2).
pos_int() { [ $# -ge 2 ] && is_int "$2" && [ "$2" -ge 1 ] || die "$1 needs a positive integer"; }

# Machine-wide CPU jiffies: "busy idle" (busy = user+nice+system+irq+softirq+steal, idle = idle+iowait).
cpu_snap() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat; }

# Waits (up to QUIET_WAIT seconds) until the machine is below 15% busy over two consecutive 3-second windows,
# and records in $out/quiet.txt whether it was.
wait_quiet() {
    local name=$1 waited=0 quiet=0 a b
    [ "$QUIET_WAIT" -gt 0 ] || { echo "$name 0 skipped" >> "$out/quiet.txt"; return 0; }
    while [ "$waited" -lt "$QUIET_WAIT" ]; do
        a=$(cpu_snap); sleep 3; b=$(cpu_snap); waited=$((waited + 3))
        if awk -v a="$a" -v b="$b" 'BEGIN{split(a,x," ");split(b,y," ");db=y[1]-x[1];di=y[2]-x[2];
                exit !((db+di)>0 && db/(db+di) < 0.15)}'; then
            quiet=$((quiet + 1)); [ "$quiet" -ge 2 ] && break
        else
            quiet=0
        fi
    done
    if [ "$quiet" -ge 2 ]; then
        echo "$name $waited quiet" >> "$out/quiet.txt"
    else
        log "machine still busy after ${QUIET_WAIT}s before $name; going on (recorded in the results)"
        echo "$name $waited busy" >> "$out/quiet.txt"
    fi
}

# Phase bookkeeping: wall clock, load average and machine CPU jiffies at start and end.
phase_start() { printf '%s start %s %s %s\n' "$1" "$(date +%s.%N)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(cpu_snap)" >> "$out/phases.txt"; }
phase_end() { printf '%s end %s %s %s\n' "$1" "$(date +%s.%N)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(cpu_snap)" >> "$out/phases.txt"; }

# Builds vae4j if needed (not timed) and records what the results depend on: versions, the jar, the commit, the
# machine (CPU, memory, OS, BLAS).
build_and_record() {
    log "building vae4j if needed (./vae4j --version)"
    local build_start
    build_start=$(date +%s.%N)
    "$root/vae4j" --version > "$out/vae4j-version.txt" 2> "$out/vae4j-build.log" \
        || { cat "$out/vae4j-build.log" >&2; die "building or starting vae4j failed (see above)"; }
    echo "$build_start $(date +%s.%N)" > "$out/build-time.txt"
    "$java_cmd" -version > "$out/java-version.txt" 2>&1
    # The JVM's default heap sizing and collector on this machine (what the default-JVM RSS series runs with).
    # shellcheck disable=SC2086
    "$java_cmd" ${VAE4J_JAVA_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null \
        | grep -E ' (UseG1GC|UseSerialGC|UseParallelGC|InitialHeapSize|MaxHeapSize|MaxRAMPercentage) ' \
        > "$out/java-flags.txt" || true
    sha256sum "$root/cli/target/vae4j.jar" | cut -d' ' -f1 > "$out/jar-before.sha256"
    ( cd "$root" && git rev-parse HEAD 2>/dev/null || echo unknown ) > "$out/git-head.txt"
    ( cd "$root" && git status --short -- core cli pom.xml 2>/dev/null || true ) > "$out/git-status.txt"
    cat /proc/cpuinfo > "$out/cpuinfo.txt"
    cat /proc/meminfo > "$out/meminfo.txt"
    { cat /etc/os-release 2>/dev/null || true; echo "KERNEL=$(uname -srm)"; } > "$out/os.txt"
    local blas
    blas="$(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || true)"
    echo "${blas:-unknown}" > "$out/blas.txt"
}

# PyTorch thread settings worth probing on a small machine: Debian's torch runs its matrix products on OpenBLAS
# (pthreads; it also reads OMP_NUM_THREADS) beside its own OpenMP pool, and both busy-wait, so the split of the
# same THREADS cores between them can change the step time several-fold.
torch_thread_candidates() {
    local t=$1
    printf '%s\n' "OMP_NUM_THREADS=$t" "OMP_NUM_THREADS=$t OMP_WAIT_POLICY=passive" \
        "OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=1" "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=$t"
}

# probe_torch_threads THREADS STEPS SCRIPT [ARGS...]: times STEPS training steps of the PyTorch SCRIPT (which
# takes --time-steps K and prints {"event": "steps", "ms_per_step": ...}) under each candidate setting, 3 rounds,
# into $out/torch-thread-probe.jsonl; prints the fastest setting (best of 3) on stdout, the table on stderr.
probe_torch_threads() {
    local threads=$1 steps=$2 script=$3 cand rep; shift 3
    local candidates=()
    mapfile -t candidates < <(torch_thread_candidates "$threads")
    wait_quiet torch-thread-probe
    phase_start torch-thread-probe
    log "probing PyTorch thread settings (${#candidates[@]} settings x 3, $steps steps each)"
    : > "$out/torch-thread-probe.jsonl"
    for rep in 1 2 3; do
        for cand in "${candidates[@]}"; do
            # shellcheck disable=SC2086
            env $cand "$PY" "$script" --time-steps "$steps" "$@" > "$out/probe.tmp" 2>> "$out/torch-thread-probe.err" \
                || die "the PyTorch thread probe failed ($cand; see $out/torch-thread-probe.err)"
            grep '"event": "steps"' "$out/probe.tmp" | sed "s|^{|{\"setting\": \"$cand\", \"repeat\": $rep, |" \
                >> "$out/torch-thread-probe.jsonl"
        done
    done
    rm -f "$out/probe.tmp"
    phase_end torch-thread-probe
    "$PY" -c '
import json, sys
best = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    best[e["setting"]] = min(best.get(e["setting"], 1e9), e["ms_per_step"])
for k, v in best.items():
    print("   %-50s best %.1f ms/step" % (k, v), file=sys.stderr)
print(min(best, key=best.get))
' "$out/torch-thread-probe.jsonl"
}

# torch_setting SCRIPT [ARGS...]: the PyTorch thread setting every PyTorch run of a benchmark uses: with TUNE=1 the
# fastest of probe_torch_threads (PROBE_STEPS steps of SCRIPT), else OMP_NUM_THREADS=THREADS; also written to
# $out/torch-setting.txt.
torch_setting() {
    local setting="OMP_NUM_THREADS=$THREADS"
    if [ "$TUNE" = 1 ]; then
        setting="$(probe_torch_threads "$THREADS" "$PROBE_STEPS" "$@")"
        log "fastest PyTorch setting: $setting"
    fi
    echo "$setting" > "$out/torch-setting.txt"
    echo "$setting"
}

# run_step NAME CMD-LINE-SHOWN -- COMMAND...: one timed step after waiting for a quiet machine; the line shown in
# NAME.cmd, stdout in NAME.out, stderr in NAME.err, GNU time's figures in NAME.time (when TIMEV is set).
run_step() {
    local name=$1 shown=$2; shift 3
    wait_quiet "$name"
    log "$shown"
    printf '%s\n' "$shown" > "$out/$name.cmd"
    phase_start "$name"
    "${TIMEV[@]}" ${TIMEV:+"$out/$name.time"} "$@" > "$out/$name.out" 2> "$out/$name.err" \
        || { tail -5 "$out/$name.err" >&2; die "$name failed (see $out/$name.err)"; }
    phase_end "$name"
}

# find_java_and_time: sets java_cmd ($JAVA_HOME/bin/java, else java on PATH; dies without one) and TIMEV (GNU time
# -v -o, or empty where /usr/bin/time lacks -v).
find_java_and_time() {
    java_cmd=java
    [ -n "${JAVA_HOME:-}" ] && java_cmd="$JAVA_HOME/bin/java"
    command -v "$java_cmd" >/dev/null || die "java not found (set JAVA_HOME or put a JDK 17+ on PATH)"
    TIMEV=()
    if [ -x /usr/bin/time ] && /usr/bin/time -v -o /dev/null true 2>/dev/null; then
        TIMEV=(/usr/bin/time -v -o)
    fi
}

# require_fashion_mnist_and_torch FILE...: dies unless Fashion-MNIST is in $DATA, $PY imports torch and numpy, and
# each FILE is in bench/ ($here).
require_fashion_mnist_and_torch() {
    local f
    for f in train-images-idx3-ubyte t10k-images-idx3-ubyte; do
        [ -r "$DATA/$f.gz" ] || die "Fashion-MNIST not found: $DATA/$f.gz is missing (on Debian: apt install dataset-fashion-mnist)"
    done
    [ -x "$PY" ] || die "$PY not found: the PyTorch statement needs Debian's python3 with python3-torch"
    "$PY" -c 'import torch, numpy' 2>/dev/null || die "$PY cannot import torch and numpy (on Debian: apt install python3-torch)"
    for f in "$@"; do
        [ -r "$here/$f" ] || die "$here/$f is missing"
    done
}

# inherited_threads: the thread variables inherited from the caller's environment (besides OMP_NUM_THREADS, which
# the scripts set), which change what is measured, on one line for settings.txt.
inherited_threads() {
    env | grep -E '^(OMP_|OPENBLAS_|MKL_|GOMP_|KMP_)' | grep -v '^OMP_NUM_THREADS=' | sort | tr '\n' ' ' | sed 's/ $//' || true
}


# require_text_data FILE...: sets data to bench/out/data and dies unless each FILE is there (bench/fetch_text.sh).
require_text_data() {
    data="$here/out/data"
    local f
    for f in "$@"; do
        [ -r "$data/$f" ] || die "$data/$f is missing; run bench/fetch_text.sh first"
    done
}

# snapshot_jar: builds vae4j and copies the jar and its libraries into $out/jar, so that editing the sources during
# a run changes nothing measured; sets jar and commit (the short hash, +dirty when the tree has changes).
snapshot_jar() {
    mkdir -p "$out/jar"
    (cd "$root" && ./mvnw -q -B -o install -DskipTests) || die "build failed"
    cp "$root/cli/target/vae4j.jar" "$out/jar/" && cp -r "$root/cli/target/lib" "$out/jar/"
    jar="$out/jar/vae4j.jar"
    commit="$(cd "$root" && git rev-parse --short HEAD)$(cd "$root" && git diff --quiet || echo '+dirty')"
}
