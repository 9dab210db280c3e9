"""Entry points of the Spark jobs, for ``spark-submit`` (and ``python -m``).

    spark-submit --master yarn --py-files crossline.zip \\
        src/crossline/spark/jobs.py calls --input s3a://bucket/cdr --output s3a://bucket/calls-out
    python -m crossline.spark.jobs link --input export/ --output link-out/ --master 'local[2]'

``calls``: features and campaigns over Parquet call records (:mod:`crossline.spark.calls`).
``link``: campaigns of an exported link graph (:mod:`crossline.spark.link`).
Without ``--master`` the cluster manager's (or spark-submit's) setting is used. The
summary is printed as one JSON line and also written to ``<output>/_summary``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from crossline.errors import CrosslineError


def run_job(
    job: str,
    input_path: str,
    output: str,
    *,
    master: str | None = None,
    memory: str = "2g",
    shuffle_partitions: int | None = None,
    verdicts: bool = True,
    spark: Any = None,
) -> dict[str, Any]:
    """Run one job (``calls`` or ``link``) and return its summary.

    ``spark``: an existing session to use (tests); otherwise one is started with
    ``master`` (None: leave it to spark-submit) and ``memory``.
    """
    from crossline.spark.session import spark_session

    session = spark or spark_session(
        master, memory=memory, shuffle_partitions=shuffle_partitions, app=f"crossline-{job}"
    )
    if job == "calls":
        from crossline.spark.calls import run_calls

        return run_calls(session, input_path, output)
    if job == "link":
        from crossline.spark.link import run_link

        return run_link(session, input_path, output, verdicts=verdicts)
    raise ValueError(f"unknown job {job!r}: expected calls or link")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="crossline.spark.jobs", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("job", choices=("calls", "link"))
    parser.add_argument("--input", required=True, help="Parquet input directory or URI.")
    parser.add_argument("--output", required=True, help="Output directory or URI.")
    parser.add_argument("--master", default=None, help="e.g. local[4]; default: spark-submit's.")
    parser.add_argument("--memory", default="2g", help="Driver memory (local mode: all of it).")
    parser.add_argument("--shuffle-partitions", type=int, default=None)
    parser.add_argument(
        "--no-verdicts",
        action="store_true",
        help="link: ignore the node's common-value verdicts (warning list only).",
    )
    args = parser.parse_args(argv)
    try:
        result = run_job(
            args.job,
            args.input,
            args.output,
            master=args.master,
            memory=args.memory,
            shuffle_partitions=args.shuffle_partitions,
            verdicts=not args.no_verdicts,
        )
    except CrosslineError as exc:
        print(json.dumps(exc.to_dict()), file=sys.stderr)
        return 2
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
