"""``ntm build``, ``ntm prepare`` and ``ntm rollback``: the commands that write.

Arguments in, sentences out; the work is ``pipelines.build`` and ``pipelines.publishing``.
"""

from __future__ import annotations

import argparse
import sys

from pipelines import build
from pipelines.errors import UserError
from pipelines.settings import build_path, warehouse_path


def cmd_prepare(_: argparse.Namespace) -> int:
    build.prepare()
    print("dbt manifest and the checks' base prepared")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    def waiting() -> None:
        print("ntm: waiting for the build that is running to finish ...", file=sys.stderr)

    outcome = build.build(args.year, full_refresh=args.full_refresh, wait=args.wait,
                          log_level=args.log_level, waiting=waiting)
    if not outcome.published:
        print(outcome.failure, file=sys.stderr)
        return 1
    print(build.summary(warehouse_path()))
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from pipelines.orchestration.locking import WarehouseBusy, warehouse_lock
    from pipelines.publishing import PublishError, rollback

    target = warehouse_path()
    try:
        # The build lock: a rollback must not interleave with a build's publish.
        with warehouse_lock(build_path()):
            chosen = rollback(target, args.version)
    except WarehouseBusy as busy:
        raise UserError(f"{busy} before rolling back.", exit_code=3) from None
    except PublishError as error:
        raise UserError(f"{error}.") from None
    print(f"published version {chosen.id} (from {chosen.info.get('published_at')}) again at "
          f"{target}; the next `ntm build` publishes a new version")
    return 0
