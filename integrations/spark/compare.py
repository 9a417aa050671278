#!/usr/bin/env python3
"""Checks the Spark job's output against `gazette tag` run locally on the same input.

    compare.py --documents REF.jsonl OUT_DIR [--entities REF.jsonl OUT_DIR] ...

REF.jsonl is gazette's own output; OUT_DIR is the job's output directory, in
JSONL or Parquet (read with pyspark). Documents must match exactly: the same
documents (ids, error records included), the same spans with every field, the
same meta. Order is free: Spark writes one file per partition.
Exits 1 and prints the differences when they do not match.
"""

import argparse
import collections
import glob
import json
import os
import sys

SPAN_FIELDS = ["start", "end", "text", "label", "subtype", "value", "kb_id", "canonical", "source"]


def canonical(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True)


def reference(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def document_key(rec):
    """A document as a comparable string: gazette's JSON line, parsed."""
    out = {"id": rec.get("id")}
    if "error" in rec:
        out["error"] = rec["error"]
    else:
        out["spans"] = [{k: v for k, v in s.items() if v is not None} for s in rec.get("spans") or []]
    for k in ("meta", "text"):
        if rec.get(k) is not None:
            out[k] = rec[k]
    return canonical(out)


def entity_keys(rec):
    if "error" in rec:
        return [canonical({"id": rec["id"], "error": rec["error"]})]
    return [canonical(dict({"id": rec["id"]}, **{k: v for k, v in s.items() if v is not None}))
            for s in rec.get("spans") or []]


class Output:
    """Reads a job output directory, JSONL or Parquet, as a list of dicts."""

    spark = None

    @classmethod
    def read(cls, directory):
        if not os.path.exists(os.path.join(directory, "_SUCCESS")):
            raise SystemExit(f"compare.py: {directory} has no _SUCCESS: the job did not finish")
        parts = sorted(glob.glob(os.path.join(directory, "part-*")))
        if any(p.endswith(".parquet") for p in parts):
            if cls.spark is None:
                from pyspark.sql import SparkSession
                cls.spark = SparkSession.builder.master("local[1]").appName("compare") \
                    .config("spark.ui.enabled", "false").getOrCreate()
                cls.spark.sparkContext.setLogLevel("ERROR")
            rows = []
            for r in cls.spark.read.parquet(directory).collect():
                d = r.asDict(recursive=True)
                if d.get("meta") is not None:
                    d["meta"] = json.loads(d["meta"])
                if d.get("spans") is None:
                    d.pop("spans", None)
                rows.append({k: v for k, v in d.items() if v is not None or k == "spans"})
            return rows
        rows = []
        for p in parts:
            with open(p, encoding="utf-8") as f:
                rows += [json.loads(line) for line in f if line.strip()]
        return rows


def diff(what, expected, actual):
    e, a = collections.Counter(expected), collections.Counter(actual)
    if e == a:
        print(f"compare.py: {what}: {sum(a.values())} rows match")
        return True
    print(f"compare.py: {what}: MISMATCH ({sum(e.values())} expected, {sum(a.values())} from Spark)")
    for label, c in (("missing from Spark", e - a), ("unexpected in Spark", a - e)):
        for k, n in list(c.items())[:5]:
            print(f"  {label} (x{n}): {k[:400]}")
    return False


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--documents", nargs=2, action="append", default=[], metavar=("REF", "OUT"))
    p.add_argument("--entities", nargs=2, action="append", default=[], metavar=("REF", "OUT"))
    args = p.parse_args()
    ok = True
    for ref, out in args.documents:
        expected = [document_key(r) for r in reference(ref)]
        actual = []
        for r in Output.read(out):
            if "spans" in r and r["spans"] is not None:
                r["spans"] = [{k: v for k, v in s.items() if k in SPAN_FIELDS} for s in r["spans"]]
            actual.append(document_key(r))
        ok &= diff(f"documents {out}", expected, actual)
    for ref, out in args.entities:
        expected = [k for r in reference(ref) for k in entity_keys(r)]
        actual = [canonical({k: v for k, v in r.items() if v is not None}) for r in Output.read(out)]
        ok &= diff(f"entities {out}", expected, actual)
    if Output.spark is not None:
        Output.spark.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
