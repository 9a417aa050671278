#!/usr/bin/env bash
# Measures the Spark job against one local gazette process on the same input,
# and the cost of a partition (gazette's process start and lexicon load).
# Not part of CI. Run integrations/spark/test.sh first (it builds the bundle
# and the virtualenv this reuses).
#
#   integrations/spark/bench.sh [COPIES]   # input: the corpus COPIES times over (default 200)
#   GAZETTE_SPARK_PARTITIONS="2 32"        # partition counts to try; the first is the baseline
#   GAZETTE_SPARK_ARGS="--cache off"       # more gazette_spark.py options
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-spark/spark-bench"
copies=${1:-200}
venv="$here/.venv"
bundle_tgz="$repo/.build-spark/gazette-linux-$(uname -m).tar.gz"
[ -x "$venv/bin/spark-submit" ] && [ -f "$bundle_tgz" ] || { echo "run integrations/spark/test.sh first" >&2; exit 1; }
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
unset SPARK_HOME PYTHONPATH
export SPARK_LOCAL_IP=127.0.0.1

rm -rf "$work"; mkdir -p "$work/bundle"; cd "$work"
tar -C bundle -xzf "$bundle_tgz"
gazette="$work/bundle/bin/gazette"
"$venv/bin/python" - "$repo/Corpus/articles" "$copies" <<'EOF'
import json, os, sys
d, copies = sys.argv[1], int(sys.argv[2])
texts = [(n, open(os.path.join(d, n), encoding="utf-8").read()) for n in sorted(os.listdir(d))]
with open("big.jsonl", "w", encoding="utf-8") as f:
    for c in range(copies):
        for n, t in texts:
            f.write(json.dumps({"id": f"{c}/{n}", "text": t}, ensure_ascii=False) + "\n")
EOF
docs=$(wc -l < big.jsonl); mb=$(du -m big.jsonl | cut -f1)
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); input: $docs documents, $mb MB"
for cache in off "$work/cache"; do
    starts=""
    for _ in 1 2 3 4; do
        s=$(now); : | GAZETTE_CACHE=$cache "$gazette" tag --input-format jsonl; starts="$starts $(seconds "$s" "$(now)")"
    done
    echo "gazette start-up on empty input (process + lexicon load), GAZETTE_CACHE=$cache, 4 runs:$starts s"
done

for jobs in "$(nproc)" 1; do
    s=$(now); "$gazette" tag --jobs "$jobs" big.jsonl > local.jsonl
    echo "one local gazette process (--jobs $jobs): $(seconds "$s" "$(now)") s; output $(du -m local.jsonl | cut -f1) MB"
done

first_p=""; first_t=""
for p in ${GAZETTE_SPARK_PARTITIONS:-2 32}; do
    rm -rf "out-$p"
    s=$(now)
    spark-submit --master "local[$(nproc)]" --conf spark.ui.enabled=false --archives "$bundle_tgz#gazette" \
        "$here/gazette_spark.py" big.jsonl --partitions "$p" --output "out-$p" ${GAZETTE_SPARK_ARGS:-} > "spark-$p.log" 2>&1
    total=$(seconds "$s" "$(now)")
    summary=$(grep -o 'gazette-spark: [0-9].*' "spark-$p.log" | sed 's/; output in.*//')
    echo "spark local[$(nproc)], $p partitions: spark-submit $total s; $summary"
    job=$(echo "$summary" | sed -n 's/.* partitions, \([0-9.]*\) s;.*/\1/p')
    if [ -z "$first_p" ]; then first_p=$p; first_t=$job
    else awk -v p0="$first_p" -v t0="$first_t" -v p="$p" -v t="$job" -v c="$(nproc)" 'BEGIN {
        printf "  each partition beyond %d: %.2f s of job time on %d cores, %.2f core-seconds\n", p0, (t - t0) / (p - p0), c, c * (t - t0) / (p - p0) }'
    fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
