"""`steppe spark-events`: event extraction on Apache Spark, the same per-document function in each partition.

Reads JSON lines (one document per line: id, text, optional published, title, ...) or Parquet
documents, runs `process_document` + `document_events` inside `mapPartitions`, and writes the
events as Parquet in the contract's schema (steppe.scale.records.EVENT_DDL). Runs on
`--master local[2]` and on any cluster master; under spark-submit:

    spark-submit --master spark://host:7077 steppe/scale/spark.py docs.jsonl events.parquet

Nothing is downloaded at run time: no packages, and Ivy's cache is a temporary folder.
"""

from __future__ import annotations

import argparse
import functools
import glob
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from steppe.errors import SteppeError
from steppe.scale.records import EVENT_DDL, RECORD_FIELDS, document_from_fields, document_from_line, events_of_documents

try:  # the error list is an accumulator: executors add, the driver reads
    from pyspark.accumulators import AccumulatorParam
except ImportError:  # pragma: no cover - spark_events reports the missing pyspark
    AccumulatorParam = object  # type: ignore[assignment,misc]

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")
PARQUET_SUFFIXES = (".parquet", ".parq")
MAX_ERRORS = 5  # error messages brought back to the driver; the rest are counted
QUIET_LOGGERS = ("org.apache.hadoop.util.NativeCodeLoader", "org.apache.spark.util.Utils",
                 "org.apache.spark.sql.catalyst.util.SparkStringUtils")


def spark_events(input_path: str, output_path: str, master: str | None = "local[2]",
                 partitions: int | None = None) -> str:
    """Extract the events of the documents in `input_path` on Spark into Parquet at `output_path`;
    returns a one-line summary (and the first errors). Raises SteppeError on unusable input."""
    fmt = input_format(input_path)
    if _is_local(output_path) and Path(_local(output_path)).exists():
        raise SteppeError(f"{output_path}: already exists; give a new output folder")
    start = time.perf_counter()
    with warnings.catch_warnings():  # pyspark's notice about pandas versions: steppe uses no pandas here
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support", category=FutureWarning)
        spark, scratch = _session(master)
        try:
            counts = _run(spark, input_path, output_path, fmt, partitions)
            used = spark.sparkContext.master
        finally:
            if scratch is not None:  # the session is ours: stop it and remove its scratch folder
                spark.stop()
                shutil.rmtree(scratch, ignore_errors=True)
    docs, failed, events, errors = counts
    if docs == 0 and failed:
        raise SteppeError(f"{input_path}: no document could be read ({failed} failed); first: {errors[0]}")
    if docs == 0:
        raise SteppeError(f"{input_path}: no documents found")
    summary = (f"{output_path}: {events} events from {docs} documents"
               + (f" ({failed} inputs failed)" if failed else "")
               + f" in {time.perf_counter() - start:.1f} s on {used}")
    return "\n".join([summary] + [f"error: {e}" for e in errors])


def input_format(path: str) -> str:
    """'jsonl' or 'parquet', from the name, the files of a folder, or the first bytes of a file."""
    low = path.lower().rstrip("/")
    if low.endswith(PARQUET_SUFFIXES):
        fmt = "parquet"
    elif low.endswith(JSONL_SUFFIXES):
        fmt = "jsonl"
    else:
        fmt = None
    if not _is_local(path):
        if fmt is None:
            raise SteppeError(f"{path}: cannot tell JSON lines from Parquet; name it *.jsonl or *.parquet")
        return fmt
    local = Path(_local(path))
    magic = any(c in str(local) for c in "*?[")
    matches = [Path(m) for m in glob.glob(str(local))] if magic else [local]
    if not any(m.exists() for m in matches):
        raise SteppeError(f"{path}: no such file or folder")
    if fmt is not None:
        return fmt
    files = sorted(f for m in matches for f in ([m] if m.is_file() else m.rglob("*"))
                   if f.is_file() and not f.name.startswith((".", "_")))
    for f in files:
        name = f.name.lower()
        if name.endswith(PARQUET_SUFFIXES):
            return "parquet"
        if name.endswith(JSONL_SUFFIXES):
            return "jsonl"
        try:
            with open(f, "rb") as fh:
                head = fh.read(4)
        except OSError as exc:
            raise SteppeError(f"{f}: cannot read ({exc.strerror or exc})") from exc
        if head == b"PAR1":
            return "parquet"
        if head.lstrip()[:1] == b"{":
            return "jsonl"
    raise SteppeError(f"{path}: not JSON-lines or Parquet documents (expected *.jsonl or *.parquet files)")


def _run(spark: Any, input_path: str, output_path: str, fmt: str, partitions: int | None
         ) -> tuple[int, int, int, list[str]]:
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    docs, failed, events = sc.accumulator(0), sc.accumulator(0), sc.accumulator(0)
    errors = sc.accumulator([], _FirstErrors())
    try:
        if fmt == "jsonl":
            df = spark.read.text(input_path).select(F.col("value"), F.input_file_name().alias("_file"))
        else:
            df = _parquet_documents(spark, input_path)
        want = partitions or 2 * sc.defaultParallelism
        if df.rdd.getNumPartitions() < want:
            df = df.repartition(want)
        work = functools.partial(_partition, fmt, (docs, failed, events, errors))
        rows = df.rdd.mapPartitions(work)
        spark.createDataFrame(rows, EVENT_DDL).write.mode("errorifexists").parquet(output_path)
    except SteppeError:
        raise
    except Exception as exc:
        raise SteppeError(f"{input_path}: Spark job failed ({_first_line(exc)})") from exc
    return docs.value, failed.value, events.value, errors.value


def _parquet_documents(spark: Any, path: str) -> Any:
    from pyspark.sql import functions as F

    df = spark.read.parquet(path)
    cols = [c for c in RECORD_FIELDS if c in df.columns]
    if "text" not in cols:
        raise SteppeError(f"{path}: Parquet documents need a 'text' column (found: {', '.join(df.columns)})")
    return df.select(*[F.col(c).cast("string").alias(c) for c in cols], F.input_file_name().alias("_file"))


def _partition(fmt: str, accs: tuple[Any, Any, Any, Any], rows: Iterator[Any]) -> Iterator[tuple]:
    """Runs on the executors: documents of one partition → event rows, counting as it goes."""
    docs, failed, events, errors = accs

    def report(error: str | None) -> None:
        if error is None:
            docs.add(1)
        else:
            failed.add(1)
            errors.add([error])

    if fmt == "jsonl":
        items = (document_from_line(r["value"], r["_file"]) for r in rows)
    else:
        items = (document_from_fields({k: v for k, v in r.asDict().items() if k != "_file" and v is not None},
                                      r["_file"]) for r in rows)
    for row in events_of_documents(items, report):
        events.add(1)
        yield row


class _FirstErrors(AccumulatorParam):  # type: ignore[misc,valid-type]
    def zero(self, value: list[str]) -> list[str]:
        return []

    def addInPlace(self, a: list[str], b: list[str]) -> list[str]:  # noqa: N802 - Spark's name
        return (a + b)[:MAX_ERRORS] if len(a) < MAX_ERRORS else a


def _session(master: str | None) -> tuple[Any, Path | None]:
    """The active SparkSession (under spark-submit), else a new quiet one with its scratch folder."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SteppeError("spark-events needs pyspark: pip install 'steppe[spark]'") from exc
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, None
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise SteppeError("spark-events needs a Java runtime (17 or newer): install one or set JAVA_HOME")
    tmp = Path(tempfile.mkdtemp(prefix="steppe-spark-"))
    log4j = tmp / "log4j2.properties"
    log4j.write_text(_log4j_properties(), encoding="utf-8")
    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM and chose the Python
    if not under_submit and (master or "local").startswith("local"):
        # local workers run this interpreter, so they import the same steppe
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("steppe-events")
    if master:
        builder = builder.master(master)
    conf = {
        "spark.jars.ivy": str(tmp / "ivy"),  # never download, never write to ~/.ivy2
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.log.level": "WARN",
        "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{log4j}",
        "spark.sql.session.timeZone": "UTC",
        "spark.python.worker.reuse": "true",  # knowledge files load once per worker, not per task
    }
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise SteppeError(f"Spark cannot start on {master or 'the default master'}: {_first_line(exc)}") from exc
    spark.sparkContext.setLogLevel("WARN")
    return spark, tmp


def _log4j_properties() -> str:
    lines = ["rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
             "appender.console.type = Console", "appender.console.name = console",
             "appender.console.target = SYSTEM_ERR", "appender.console.layout.type = PatternLayout",
             "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex"]
    for n, name in enumerate(QUIET_LOGGERS):
        lines += [f"logger.q{n}.name = {name}", f"logger.q{n}.level = error"]
    return "\n".join(lines) + "\n"


def _is_local(path: str) -> bool:
    return "://" not in path or path.startswith("file://")


def _local(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


def main(argv: list[str] | None = None) -> int:
    """spark-submit entry point: spark.py INPUT OUTPUT [--master URL] [--partitions N]."""
    parser = argparse.ArgumentParser(prog="steppe-spark-events", description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSON-lines or Parquet documents (file, folder or URI)")
    parser.add_argument("output", help="Parquet folder for the events (must not exist)")
    parser.add_argument("--master", default=None, help="Spark master URL (default: spark-submit's)")
    parser.add_argument("--partitions", type=int, default=None, help="partitions to split the input into")
    args = parser.parse_args(argv)
    try:
        print(spark_events(args.input, args.output, master=args.master, partitions=args.partitions),
              file=sys.stderr)
    except SteppeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    # run as a script (spark-submit .../spark.py): use the installed module, so that executors
    # unpickle its functions by name instead of this __main__ copy
    from steppe.scale.spark import main as _main

    sys.exit(_main())
