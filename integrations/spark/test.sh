#!/usr/bin/env bash
# The Spark integration test (run by .ci/run after `swift test`):
#
#   1. builds the executor bundle (package.sh: static release build in .build-spark),
#   2. installs pinned pyspark from PyPI into integrations/spark/.venv,
#   3. runs gazette_spark.py with spark-submit on local[2] over the sample
#      corpus (Corpus/articles, and a JSONL made from it plus broken lines),
#      shipping the bundle with --archives or using it from a shared path,
#   4. checks that every output equals `gazette tag` run locally on the same
#      input (same documents, error records included, same spans), and that a
#      gazette that dies mid-partition fails the job instead of losing rows.
#
# Skips (exit 0) only when there is no Java. Takes 3-5 minutes on 2 cores,
# most of it the release build and the pyspark download.
#   GAZETTE_SPARK_PYSPARK  pyspark version to use instead of the pinned one
#   GAZETTE_SPARK_PACKAGE  the checkout to build (default: this one)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work="$repo/.build-spark/spark-test"
say() { echo "spark test: $*"; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# --- Java ------------------------------------------------------------------
java=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null; then java=$(command -v java); fi
if [ -z "$java" ]; then
    say "SKIPPED: no Java found (install openjdk-17-jre-headless, or set JAVA_HOME)"
    exit 0
fi
java_version=$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
java_major=${java_version%%.*}
[ "$java_major" = 1 ] && java_major=$(echo "$java_version" | cut -d. -f2)   # 1.8.0 -> 8
# Pinned and tested: Spark 4.0 runs on Java 17 and 21, Spark 3.5 on Java 8, 11 and 17.
if [ "${java_major:-0}" -ge 17 ]; then pyspark=4.0.1; else pyspark=3.5.8; fi
pyspark=${GAZETTE_SPARK_PYSPARK:-$pyspark}
say "Java $java_version ($java), pyspark $pyspark"

# --- the executor bundle -----------------------------------------------------
bundle_tgz=$("$here/package.sh")
rm -rf "$work"
mkdir -p "$work/bundle"
tar -C "$work/bundle" -xzf "$bundle_tgz"
gazette="$work/bundle/bin/gazette"

# --- pyspark in a virtualenv -------------------------------------------------
venv="$here/.venv"
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$pyspark')" 2>/dev/null; then
    rm -rf "$venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian's python3 needs python3-venv for `python3 -m venv`.
        SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
        $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
        rm -rf "$venv"; python3 -m venv "$venv"
    fi
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "pyspark==$pyspark"
fi
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python"
unset SPARK_HOME PYTHONPATH
export SPARK_LOCAL_IP=127.0.0.1

# --- inputs and local references --------------------------------------------
cd "$work"
cp -R "$repo/Corpus/articles" articles
"$venv/bin/python" - <<'EOF'
import json, os
with open("input.jsonl", "w", encoding="utf-8") as f:
    for name in sorted(os.listdir("articles")):
        with open(os.path.join("articles", name), encoding="utf-8") as a:
            f.write(json.dumps({"id": name, "text": a.read(), "source": "corpus"}, ensure_ascii=False) + "\n")
    # Documents that fail, one that has no id, a blank line (not a document), astral characters.
    f.write("not json at all\n")
    f.write('{"id": "no-text", "title": "a record without text"}\n')
    f.write("\n")
    f.write('{"text": "An article without an id, filed in Kyiv by Reuters."}\n')
    f.write('{"id": "bad-text", "text": 42}\n')
    f.write(json.dumps({"id": "astral", "text": "Зеленський приїхав до Києва 🇺🇦 and Scholz flew to Berlin."},
                       ensure_ascii=False) + "\n")
    # A CRLF line, and a raw carriage return inside a line (one malformed line for gazette, not two).
    f.write('{"id": "crlf", "text": "Odesa and Lviv."}\r\n')
    f.write('{"id": "raw-cr", "text": "Kherson\rMykolaiv"}\n')
    f.write('{"id": "truncated", "text": "Kharkiv\n')
EOF

t0=$(date +%s.%N)
"$gazette" tag input.jsonl > ref-jsonl.jsonl 2> ref-jsonl.err || [ $? = 1 ]   # 1: some documents failed, as intended
t1=$(date +%s.%N)
"$gazette" tag articles > ref-text.jsonl 2> ref-text.err
"$gazette" tag --include-text --offsets utf16 input.jsonl > ref-c.jsonl 2> ref-c.err || [ $? = 1 ]
errors=$(grep -c '"error":' ref-jsonl.jsonl || true)
[ "$errors" = 5 ] || { say "expected 5 error records from gazette tag, got $errors"; exit 1; }

submit() {   # submit NAME ARGS... : spark-submit on local[2], log in NAME.log
    local name=$1; shift
    local s e
    s=$(date +%s.%N)
    if ! spark-submit --master 'local[2]' --conf spark.ui.enabled=false "$@" > "$name.log" 2>&1; then
        say "$name: spark-submit failed; its log:"; tail -n 60 "$name.log"; return 1
    fi
    e=$(date +%s.%N)
    say "$name: $(grep 'gazette-spark: [0-9]' "$name.log" || true) [spark-submit $(seconds "$s" "$e") s]"
}

job="$here/gazette_spark.py"
# A: JSONL in 16 kB splits (lines numbered across splits), bundle shipped with --archives.
submit A --conf spark.sql.files.maxPartitionBytes=16384 --archives "$bundle_tgz#gazette" \
    "$job" input.jsonl --output out-a
# B: text files, one row per entity, Parquet, three partitions.
submit B --archives "$bundle_tgz#gazette" \
    "$job" articles --input-format text --rows entities --output-format parquet --partitions 3 --output out-b
# C: binary and lexicons on a shared path (GAZETTE_LEXICONS), nothing shipped; Parquet
# documents with their text and UTF-16 offsets.
submit C "$job" input.jsonl --gazette "$gazette" --gazette-lexicons "$work/bundle/Lexicons" \
    --include-text --offsets utf16 --output-format parquet --output out-c
if ! "$venv/bin/python" "$here/compare.py" --documents ref-jsonl.jsonl out-a \
        --entities ref-text.jsonl out-b --documents ref-c.jsonl out-c > compare.log 2>&1; then
    say "Spark's output differs from gazette tag's:"; cat compare.log; exit 1
fi
grep -o 'compare.py: .*' compare.log

# D: a gazette that stops answering mid-partition must fail the job, not drop rows.
cat > truncating-gazette <<EOF
#!/bin/sh
"$gazette" "\$@" | head -n 5
EOF
chmod +x truncating-gazette
if spark-submit --master 'local[2]' --conf spark.ui.enabled=false \
        "$job" input.jsonl --gazette "$work/truncating-gazette" --output out-d > D.log 2>&1; then
    say "D: the job succeeded although gazette lost documents"; tail -n 30 D.log; exit 1
fi
grep -q 'gazette-spark: partition .* gazette stopped after' D.log ||
    { say "D: the job failed without saying why"; tail -n 30 D.log; exit 1; }
[ ! -e out-d/_SUCCESS ] || { say "D: out-d was committed"; exit 1; }
say "D: a truncated gazette fails the job: $(grep -m1 -o 'gazette-spark: partition .*' D.log | cut -c1-120)"

say "local gazette tag on input.jsonl: $(seconds "$t0" "$t1") s"
say "passed"
