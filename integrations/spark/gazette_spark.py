#!/usr/bin/env python3
"""Tag news articles with Gazette on Apache Spark.

Reads JSONL (`{"id": ..., "text": ..., ...}` per line) or plain-text files
(one document per file) from any Hadoop-compatible path, streams every
partition through `gazette tag --input-format jsonl` with `RDD.pipe`, and
writes JSONL or Parquet: one row per document, or one row per entity.

    spark-submit --archives gazette-linux-x86_64.tar.gz#gazette \\
        gazette_spark.py s3a://news/2024/ --output s3a://news-tagged/2024/

Every input document comes back as exactly one output document: a document
Gazette cannot process (a malformed JSONL line, a record with no "text")
comes back with an "error" instead of "spans", as it does locally. A gazette
process that crashes or cannot start fails the task instead of losing rows.
See README.md next to this file for deployment, options and measurements.
"""

import argparse
import json
import os
import re
import shlex
import sys
import time
import traceback
from urllib.parse import unquote, urlparse

# A document the job slips into gazette's input to say where the following
# input lines come from (file and line), and one at the end of every partition
# to prove that gazette answered every line. Gazette echoes their extra key in
# "meta"; the job removes them from the output.
MARKER_ID = "__gazette_spark_marker__"
MARKER_KEY = "gazette_spark"
PREFLIGHT_ID = "gazette-spark-preflight"

# Runs on the executors. Relative paths (the default gazette/bin/gazette) are
# looked up where Spark puts --files and --archives: the SparkFiles directory
# in local mode, the executor's working directory on a cluster. It then runs
# there, so relative --lexicons and GAZETTE_LEXICONS resolve in the same place.
LAUNCHER = r"""
bin=$GAZETTE_SPARK_BIN
case $bin in /*) exec "$bin" "$@" ;; esac
for d in "$GAZETTE_SPARK_FILES" "$PWD"; do
    if [ -n "$d" ] && [ -f "$d/$bin" ]; then
        cd "$d" || exit 126
        [ -x "$bin" ] || chmod u+x "$bin" 2>/dev/null
        exec "./$bin" "$@"
    fi
done
echo "gazette-spark: no gazette executable '$bin' in $GAZETTE_SPARK_FILES or $PWD on $(uname -n);" \
     "ship it with --archives gazette-linux-x86_64.tar.gz#gazette or pass --gazette /absolute/path" >&2
exit 127
"""

SPAN_FIELDS = ["start", "end", "text", "label", "subtype", "value", "kb_id", "canonical", "source"]


class GazetteFailed(RuntimeError):
    """A gazette process did not answer every line of its partition."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="gazette_spark.py",
        description="Tag documents with Gazette on Spark: one output row per input document "
                    "(or per entity), errors included.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, directories (read recursively) or globs on any Hadoop-compatible "
                        "file system (file:, hdfs:, s3a:, gs:, abfs: ...)")
    p.add_argument("-o", "--output", required=True, help="output directory")
    p.add_argument("--input-format", choices=["jsonl", "text"], default="jsonl",
                   help="jsonl: one {\"id\", \"text\", ...} object per line (default); "
                        "text: one document per file, id = path relative to the INPUT directory")
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    p.add_argument("--rows", choices=["documents", "entities"], default="documents",
                   help="documents: gazette's line per document (default); entities: one row per "
                        "entity (id, start, end, text, label, subtype, kb_id, canonical, source), "
                        "plus one row with 'error' set per failed document")
    p.add_argument("--glob", metavar="PATTERN",
                   help="read only files whose name matches PATTERN, e.g. '*.jsonl'")
    p.add_argument("--gazette", default="gazette/bin/gazette", metavar="PATH",
                   help="the gazette executable on the executors: absolute (a shared path), or "
                        "relative to where Spark ships --files/--archives "
                        "(default: gazette/bin/gazette, from --archives gazette-linux-x86_64.tar.gz#gazette)")
    p.add_argument("--gazette-lexicons", metavar="DIR",
                   help="sets GAZETTE_LEXICONS, the bundled Lexicons directory, for gazette on the "
                        "executors (not needed with the bundle: it finds its own)")
    p.add_argument("--lexicons", action="append", default=[], metavar="DIR",
                   help="a lexicon directory merged over the bundled ones, as in gazette tag (repeatable)")
    p.add_argument("--cache", metavar="DIR",
                   help="sets GAZETTE_CACHE, where gazette keeps compiled lexicons ('off' for none). "
                        "Default: gazette-cache among the executor's files for a shipped gazette "
                        "(relative --gazette), gazette's own per-user cache for an installed one")
    p.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                   help="another environment variable for gazette (repeatable); RDD.pipe gives it "
                        "no other environment")
    p.add_argument("--offsets", choices=["codepoint", "utf8", "utf16"], default="codepoint")
    p.add_argument("--include-text", action="store_true", help="include each document's text")
    p.add_argument("--partitions", type=int, default=0, metavar="N",
                   help="gazette processes to run, one per partition: the input is read in N "
                        "splits of equal size where files allow. Default: Spark's splits (at most "
                        "128 MB), at least spark.default.parallelism of them. Each partition costs "
                        "a process start and a lexicon load, so keep partitions large")
    p.add_argument("--jobs", type=int, default=0, metavar="N",
                   help="threads per gazette process (default: spark.task.cpus)")
    p.add_argument("--compression", metavar="CODEC", help="output compression (gzip, zstd, snappy, ...)")
    p.add_argument("--overwrite", action="store_true", help="replace the output directory if it exists")
    p.add_argument("--fail-on-error", action="store_true",
                   help="exit with status 1 when any document failed (gazette's behaviour; off by "
                        "default because a failing driver makes YARN re-run the application)")
    p.add_argument("--no-preflight", action="store_true",
                   help="skip running gazette once on an executor before the job")
    args = p.parse_args(argv)
    if args.partitions < 0 or args.jobs < 0:
        p.error("--partitions and --jobs must not be negative")
    for kv in args.env:
        if "=" not in kv:
            p.error(f"--env {kv!r}: expected NAME=VALUE")
    return args


# ---------------------------------------------------------------------------
# Input: documents with their place (file id and line) in the input.

def input_roots(spark, paths):
    """(given path, decoded absolute path or None for a glob, is a directory) per input."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    roots = []
    for given in paths:
        if any(c in given for c in "*?[{"):
            roots.append((given, None, False))
            continue
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        qualified = fs.makeQualified(path)
        if not fs.exists(qualified):
            raise SystemExit(f"gazette-spark: input {given} does not exist ({qualified.toString()})")
        roots.append((given, qualified.toUri().getPath(), fs.getFileStatus(qualified).isDirectory()))
    return roots


def input_bytes(spark, paths):
    """The size of everything under the inputs (globs expanded), from a listing."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    total = 0
    for given in paths:
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        for status in (fs.globStatus(path) or []):
            total += fs.getContentSummary(status.getPath()).getLength()
    return total


def file_id(file_uri, roots):
    """How gazette names a file: the path as given for a file argument, the path
    relative to the directory for a file found in a directory; else the full URI."""
    path = unquote(urlparse(file_uri).path)
    for given, root, is_dir in roots:
        if root is None:
            continue
        if not is_dir and path == root:
            return given
        prefix = root.rstrip("/") + "/"
        if is_dir and path.startswith(prefix):
            return path[len(prefix):]
    return file_uri


def is_blank(line):
    # Gazette skips lines of spaces, tabs and carriage returns, without a line of output.
    return line.strip(" \t\r") == ""


def read_documents(spark, args):
    """An RDD of (file id, line number or None, JSONL line for gazette), in input order."""
    from pyspark.sql import functions as F

    roots = input_roots(spark, args.inputs)
    if args.partitions:
        # N splits without a shuffle: Spark cuts files (and packs small ones)
        # to at most maxPartitionBytes; a file costs openCostInBytes more.
        split = max(64 << 10, -(-input_bytes(spark, args.inputs) // args.partitions))
        spark.conf.set("spark.sql.files.maxPartitionBytes", str(split))
        spark.conf.set("spark.sql.files.openCostInBytes", str(min(split // 16, 4 << 20)))
    reader = spark.read.option("recursiveFileLookup", "true")
    if args.glob:
        reader = reader.option("pathGlobFilter", args.glob)
    if args.input_format == "text":
        df = reader.text(args.inputs, wholetext=True) \
            .select(F.col("value"), F.col("_metadata.file_path").alias("file"))

        def to_jsonl(rows):
            for value, file in rows:
                doc = file_id(file, roots)
                yield doc, None, json.dumps({"id": doc, "text": value}, ensure_ascii=False)

        return df.rdd.mapPartitions(to_jsonl)

    # Lines end at "\n" only, as for gazette (Hadoop also ends them at a lone "\r").
    df = reader.text(args.inputs, lineSep="\n").select(
        F.col("value"), F.col("_metadata.file_path").alias("file"),
        F.col("_metadata.file_block_start").alias("block"))
    # A large file is read in several splits; to number its lines, count the
    # lines of each split first (a scan without Python, much cheaper than tagging).
    first_line = {}
    blocks = sorted((f, b, n) for f, b, n in df.groupBy("file", "block").count().collect())
    for i, (f, b, n) in enumerate(blocks):
        first_line[(f, b)] = 0 if i == 0 or blocks[i - 1][0] != f else \
            first_line[(f, blocks[i - 1][1])] + blocks[i - 1][2]

    def number(rows):
        key, line, name = None, 0, None
        for value, file, block in rows:
            if (file, block) != key:
                key, line, name = (file, block), first_line[(file, block)], file_id(file, roots)
            line += 1
            if not is_blank(value):
                yield name, line, value

    return df.rdd.mapPartitions(number)


# ---------------------------------------------------------------------------
# Piping through gazette.

def marker(**fields):
    return json.dumps({"id": MARKER_ID, "text": "", MARKER_KEY: fields}, ensure_ascii=False)


def frame(rows):
    """Gazette's input for one partition: the lines, a marker wherever the next
    line is not the one after the previous, and an end marker with the count.

    RDD.pipe feeds gazette from a thread that never closes gazette's input if
    reading the partition fails, which would hang the task; so a failure here
    ends the input with an abort marker that `unframe` turns into the error."""
    expected, count = None, 0
    try:
        for name, line, text in rows:
            if line is not None and (name, line) != expected:
                yield marker(file=name, line=line)
            yield text
            count += 1
            expected = (name, line + 1) if line is not None else None
    except Exception as e:  # noqa: BLE001 - re-raised by unframe on the other side of gazette
        yield marker(abort=f"{type(e).__name__}: {e}\n{traceback.format_exc()}")
        return
    yield marker(end=count)


def head(raw):
    """(id, is an error line) from the front of one of gazette's lines,
    `{"id":<string>,"error":...` or `{"id":<string>,"spans":...`, without
    parsing the rest (gazette's lines are about four times its input)."""
    if raw.startswith('{"id":"'):
        try:
            doc_id, end = json.decoder.scanstring(raw, 7)
            return doc_id, raw.startswith(',"error":', end)
        except ValueError:
            pass
    rec = json.loads(raw)
    return rec.get("id"), "error" in rec


def unframe(index, lines, stats):
    """Gazette's output lines for one partition, markers removed and fallback
    ids (`<stdin>:N`, the partition's line number) replaced by `file:line`."""
    started = time.monotonic()
    place, stdin_line, docs, errors, ended = None, 0, 0, 0, False
    for raw in lines:
        stdin_line += 1
        doc_id, is_error = head(raw)
        if doc_id == MARKER_ID:
            meta = json.loads(raw).get("meta")
            m = meta.get(MARKER_KEY) if isinstance(meta, dict) else None
            if isinstance(m, dict):
                if "abort" in m:
                    raise RuntimeError(f"gazette-spark: partition {index}: reading the input failed: {m['abort']}")
                if "end" in m:
                    if m["end"] != docs:
                        raise GazetteFailed(f"gazette-spark: partition {index}: gazette answered {docs} "
                                            f"of {m['end']} documents")
                    ended = True
                else:
                    place = (m["file"], m["line"])
                continue
        if ended:
            raise GazetteFailed(f"gazette-spark: partition {index}: gazette wrote more lines than it was given")
        docs += 1
        errors += is_error
        stdin_place = f"<stdin>:{stdin_line}"
        where = None
        if place is not None:
            where = f"{place[0]}:{place[1]}"
            place = (place[0], place[1] + 1)
        elif isinstance(doc_id, str):
            where = doc_id
        if where is not None and (doc_id == stdin_place or (is_error and stdin_place + ":" in raw)):
            rec = json.loads(raw)
            if rec.get("id") == stdin_place:
                rec["id"] = where
            if str(rec.get("error", "")).startswith(stdin_place + ":"):
                rec["error"] = where + rec["error"][len(stdin_place):]
            raw = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        yield raw
    if not ended:
        raise GazetteFailed(
            f"gazette-spark: partition {index}: gazette stopped after {docs} documents without "
            f"finishing its input: it crashed, was killed (memory?) or could not start; its "
            f"messages are in this executor's stderr log")
    stats["docs"].add(docs)
    stats["errors"].add(errors)
    stats["partitions"].add(1)
    stats["busy"].add(time.monotonic() - started)


def gazette_command(args, sc):
    tag = ["tag", "--input-format", "jsonl", "--offsets", args.offsets,
           "--jobs", str(args.jobs or int(sc.getConf().get("spark.task.cpus", "1")))]
    if args.include_text:
        tag.append("--include-text")
    for d in args.lexicons:
        tag += ["--lexicons", d]
    from pyspark import SparkFiles
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "GAZETTE_SPARK_BIN": args.gazette, "GAZETTE_SPARK_FILES": SparkFiles.getRootDirectory()}
    if args.gazette_lexicons:
        env["GAZETTE_LEXICONS"] = args.gazette_lexicons
    if args.cache:
        env["GAZETTE_CACHE"] = args.cache
    elif not os.path.isabs(args.gazette):
        # Gazette's cache is keyed by the lexicon directory's path, and a shipped
        # bundle has a new path in every application (and executor): in the
        # per-user cache its compiled lexicon would never be found again and would
        # push out useful ones. Beside the executor's files, the executor's next
        # partitions find it, and it goes when the application's files go.
        env["GAZETTE_CACHE"] = "gazette-cache"
    for kv in args.env:
        name, value = kv.split("=", 1)
        env[name] = value
    return shlex.join(["/bin/sh", "-c", LAUNCHER, "gazette-spark"] + tag), env


def preflight(sc, command, env):
    """Runs gazette on one document on an executor, so that a missing binary,
    library or lexicon directory is reported with gazette's own message.
    Returns the seconds it took: gazette's start-up (process and lexicons),
    which every partition pays once."""
    probe = json.dumps({"id": PREFLIGHT_ID, "text": "Preflight in Kyiv."}) + "\n"

    def run(_):
        import subprocess
        started = time.monotonic()
        try:
            p = subprocess.run(shlex.split(command), env=env, input=probe.encode(),
                               capture_output=True, timeout=900)
            yield p.returncode, p.stdout[-2000:], p.stderr[-6000:], time.monotonic() - started
        except (OSError, subprocess.SubprocessError) as e:
            yield -1, b"", str(e).encode(), 0.0

    code, out, err, seconds = sc.parallelize([0], 1).mapPartitions(run).collect()[0]
    try:
        answer = json.loads(out.decode().splitlines()[0])
    except (ValueError, IndexError):
        answer = {}
    if code != 0 or answer.get("id") != PREFLIGHT_ID or "spans" not in answer:
        raise SystemExit(
            f"gazette-spark: gazette does not run on the executors (exit status {code}).\n"
            f"Its output: {out.decode(errors='replace').strip()[:500]}\n"
            f"Its messages:\n{err.decode(errors='replace').strip()}")
    return seconds


# ---------------------------------------------------------------------------
# Output.

def document_schema(include_text):
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType
    span = StructType([StructField(f, LongType() if f in ("start", "end") else StringType())
                       for f in SPAN_FIELDS])
    fields = [StructField("id", StringType())]
    if include_text:
        fields.append(StructField("text", StringType()))
    fields += [StructField("spans", ArrayType(span)), StructField("error", StringType()),
               StructField("meta", StringType())]
    return StructType(fields)


def entity_schema():
    from pyspark.sql.types import LongType, StringType, StructField, StructType
    return StructType([StructField("id", StringType())] +
                      [StructField(f, LongType() if f in ("start", "end") else StringType())
                       for f in SPAN_FIELDS] +
                      [StructField("error", StringType())])


def document_row(rec, include_text):
    spans = None if "error" in rec else [tuple(s.get(f) for f in SPAN_FIELDS) for s in rec.get("spans", [])]
    meta = json.dumps(rec["meta"], ensure_ascii=False, separators=(",", ":")) if "meta" in rec else None
    row = (rec.get("id"),) + ((rec.get("text"),) if include_text else ())
    return row + (spans, rec.get("error"), meta)


def entity_rows(rec):
    if "error" in rec:
        yield (rec.get("id"),) + (None,) * len(SPAN_FIELDS) + (rec["error"],)
        return
    for s in rec.get("spans", []):
        yield (rec.get("id"),) + tuple(s.get(f) for f in SPAN_FIELDS) + (None,)


def write(spark, tagged, args):
    # The rows are built to the schema here; checking each one again slows Parquet output by a third.
    from pyspark.sql.types import StringType, StructField, StructType
    if args.rows == "documents" and args.output_format == "jsonl":
        df = spark.createDataFrame(tagged.map(lambda raw: (raw,)), StructType([StructField("value", StringType())]),
                                   verifySchema=False)
    elif args.rows == "documents":
        include = args.include_text
        df = spark.createDataFrame(tagged.map(lambda raw: document_row(json.loads(raw), include)),
                                   document_schema(include), verifySchema=False)
    else:
        df = spark.createDataFrame(tagged.flatMap(lambda raw: entity_rows(json.loads(raw))), entity_schema(),
                                   verifySchema=False)
    writer = df.write.mode("overwrite" if args.overwrite else "errorifexists")
    if args.compression:
        writer = writer.option("compression", args.compression)
    if args.output_format == "parquet":
        writer.parquet(args.output)
    elif args.rows == "documents":
        writer.text(args.output)
    else:
        writer.json(args.output)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.appName("gazette-spark").getOrCreate()
    sc = spark.sparkContext
    started = time.monotonic()
    command, env = gazette_command(args, sc)
    startup = None if args.no_preflight else preflight(sc, command, env)

    docs = read_documents(spark, args)
    # Fewer splits than wanted (small input, compressed files): shuffle the
    # documents out; more (many files): merge neighbouring splits.
    wanted = args.partitions or max(docs.getNumPartitions(), sc.defaultParallelism)
    if docs.getNumPartitions() < wanted:
        docs = docs.repartition(wanted)
    elif docs.getNumPartitions() > wanted:
        docs = docs.coalesce(wanted)
    stats = {"docs": sc.accumulator(0), "errors": sc.accumulator(0), "partitions": sc.accumulator(0),
             "busy": sc.accumulator(0.0)}
    tagged = docs.mapPartitions(frame).pipe(command, env=env) \
        .mapPartitionsWithIndex(lambda i, lines: unframe(i, lines, stats))
    try:
        write(spark, tagged, args)
    except Exception as e:  # the executor's GazetteFailed arrives wrapped in a Py4JJavaError
        failed = re.search(r"gazette-spark: partition \d+:.*", str(e))
        print(failed.group(0) if failed else str(e), file=sys.stderr)
        spark.stop()
        return 2
    n, errors, parts = stats["docs"].value, stats["errors"].value, stats["partitions"].value
    print(f"gazette-spark: {n} documents ({errors} failed) in {parts} partitions, "
          f"{time.monotonic() - started:.1f} s; {stats['busy'].value / max(parts, 1):.2f} s per partition"
          + (f", of which gazette's start-up (process + lexicons, measured before the job) "
             f"is {startup:.2f} s" if startup is not None else "")
          + f"; output in {args.output}", file=sys.stderr)
    spark.stop()
    return 1 if errors and args.fail_on_error else 0


if __name__ == "__main__":
    sys.exit(main())
