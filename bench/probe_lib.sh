# Shared by bench/first_ops_probe.sh and bench/first_batch_probe.sh (sourced, not run). Expects: here (the
# project), PROBE (the script's name, for messages), and the defaults runs, busy, data and results; then
#   probe_setup "$@"   parses --runs N --busy B --data SPEC --results PREFIX, builds vae4j, makes the work folder
#                      $work (removed on exit, with any busy loops), sets $jar, and trains the checkpoint
#                      $work/ck (3 epochs on SPEC) that every probe loads
#   start_busy         starts $busy busy loops, stopped on exit
probe_setup() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --runs) runs="$2"; shift 2 ;;
            --busy) busy="$2"; shift 2 ;;
            --data) data="$2"; shift 2 ;;
            --results) results="$2"; shift 2 ;;
            *) echo "$PROBE: unknown option $1" >&2; exit 2 ;;
        esac
    done
    "$here/vae4j" --version >/dev/null # builds the jar if needed, before any load starts
    jar="$here/cli/target/vae4j.jar"
    work="$(mktemp -d)"
    pids=()
    trap probe_cleanup EXIT
    java -jar "$jar" train --data "$data" --epochs 3 --val none --out "$work/ck" --no-progress >/dev/null
}

probe_cleanup() {
    [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
    rm -rf "$work"
}

start_busy() {
    for _ in $(seq 1 "$busy"); do
        ( while :; do :; done ) &
        pids+=($!)
    done
}
