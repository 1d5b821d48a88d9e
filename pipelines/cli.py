"""The ``ntm`` command: build the warehouse through Dagster and look at what came out."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from pipelines.instance import dagster_home
from pipelines.locking import is_locked
from pipelines.settings import PROJECT_ROOT, build_path, raw_dir, warehouse_path


def _offline_environment() -> None:
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def cmd_prepare(_: argparse.Namespace) -> int:
    from pipelines.dbt_project import prepare_manifest

    _offline_environment()
    prepare_manifest()
    print("dbt manifest prepared")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    _offline_environment()
    dagster_home()
    from pipelines.dbt_project import manifest_is_stale, prepare_manifest

    if manifest_is_stale():
        prepare_manifest()
    from dagster import DagsterInstance

    from pipelines.definitions import BUILD_JOB, defs
    from pipelines.partitions import partition_years

    years = partition_years()
    if args.year is not None and args.year not in years:
        print(f"ntm: {args.year} is not a reporting year this warehouse covers "
              f"({years.start}-{years.stop - 1}); pick one of those.", file=sys.stderr)
        return 2
    folder = raw_dir()
    if not folder.is_dir():
        print(f"ntm: the raw folder {folder} does not exist; set NTM_RAW_DIR to the folder "
              "of submissions.", file=sys.stderr)
        return 2
    if is_locked(build_path()):
        print(f"ntm: another build is writing {build_path()}; wait for it to finish and run "
              "the build again.", file=sys.stderr)
        return 3
    job = defs.resolve_job_def(BUILD_JOB)
    run_config: dict = {"loggers": {"console": {"config": {"log_level": args.log_level}}}}
    if args.full_refresh:
        run_config["ops"] = {"ntm_dbt_models": {"config": {"full_refresh": True}}}
    options: dict = {"run_config": run_config, "raise_on_error": False}
    if args.year is not None:
        options["partition_key"] = str(args.year)
    else:
        options["tags"] = {
            "dagster/asset_partition_range_start": str(years.start),
            "dagster/asset_partition_range_end": str(years.stop - 1),
        }
    # dagster-dbt echoes every dbt log line on stdout; keep it in a file unless asked for.
    log_path = build_path().parent / "build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("w", encoding="utf-8") as log, DagsterInstance.get() as instance:
        quiet = args.log_level in ("WARNING", "ERROR")
        with contextlib.redirect_stdout(log) if quiet else contextlib.nullcontext():
            result = job.execute_in_process(instance=instance, **options)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        print(f"ntm: the build failed in step(s) {', '.join(failed) or '?'}; the published "
              f"warehouse {warehouse_path()} was not changed. dbt's log is in {log_path}; "
              "run with --log-level INFO for details.", file=sys.stderr)
        return 1
    print(summary(warehouse_path()))
    return 0


def summary(path: Path) -> str:
    """A few lines a person can check at a glance after a build."""
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        statuses = con.execute(
            "SELECT status, count(*) FROM quality.submissions GROUP BY 1 ORDER BY 1"
        ).fetchall()
        years = con.execute(
            "SELECT min(year), max(year) FROM quality.submissions WHERE status = 'current'"
        ).fetchone()
        flags = con.execute(
            "SELECT severity, count(*) FROM quality.flags GROUP BY 1 ORDER BY 1"
        ).fetchall()
        communes = con.execute("SELECT count(*) FROM raw.b01_communes").fetchone()[0]
    lines = [
        f"Published {path}",
        f"  submissions: {', '.join(f'{n} {s}' for s, n in statuses) or 'none'}",
        f"  years with a current submission: {years[0]}-{years[1]}" if years[0] else
        "  no current submission",
        f"  B01 commune rows read: {communes}",
        f"  quality flags: {', '.join(f'{n} {s}' for s, n in flags) or 'none'}"
        " (see quality.flags)",
    ]
    return "\n".join(lines)


def cmd_sample(args: argparse.Namespace) -> int:
    from pipelines.samples.generate import generate

    out = Path(args.out).resolve()
    files = generate(out)
    print(f"wrote {len(files)} sample submissions to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="ntm",
        description="Nông thôn mới statistics warehouse. Reads NTM_RAW_DIR "
        f"(default {raw_dir()}), publishes NTM_WAREHOUSE (default {warehouse_path()}).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="ingest, model, check and publish the warehouse")
    build.add_argument("--year", type=int, help="refresh one reporting year only")
    build.add_argument("--full-refresh", action="store_true",
                       help="rebuild every model from scratch (after upgrading the project)")
    build.add_argument("--log-level", default="WARNING",
                       choices=["DEBUG", "INFO", "WARNING", "ERROR"])
    build.set_defaults(func=cmd_build)
    prepare = sub.add_parser("prepare", help="prepare the dbt manifest (done by make setup)")
    prepare.set_defaults(func=cmd_prepare)
    sample = sub.add_parser("sample", help="write the bundled sample submissions")
    sample.add_argument("out", nargs="?", default=str(PROJECT_ROOT / "data" / "raw"))
    sample.set_defaults(func=cmd_sample)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
