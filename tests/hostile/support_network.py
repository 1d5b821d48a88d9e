"""Running processes under the network guard (``network_guard.py``, loaded as
``sitecustomize``): the environment that installs it and the records it leaves. The shared
sample build of ``tests/conftest.py`` runs under it, and ``test_network_guard.py`` reads
what it recorded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.hostile import network_guard

GUARD = Path(network_guard.__file__)
# Telemetry switches and proxies a developer's shell or CI may set: removed, so that the test
# proves `ntm build` offline by itself, and a proxy on localhost cannot carry a request out.
UNSET = ("DBT_SEND_ANONYMOUS_USAGE_STATS", "DO_NOT_TRACK", "DAGSTER_DISABLE_TELEMETRY",
         "GX_ANALYTICS_ENABLED", "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
         "HTTPS_PROXY", "ALL_PROXY", "no_proxy", "NO_PROXY")


def guarded_env(tmp: Path) -> tuple[dict[str, str], Path, Path]:
    """An environment whose Python processes all load the guard; returns it with the file
    of blocked attempts and the file of processes that loaded the guard."""
    site = tmp / "guard_site"
    site.mkdir()
    shutil.copyfile(GUARD, site / "sitecustomize.py")
    attempts, loaded = tmp / "network_attempts.jsonl", tmp / "guard_loaded.jsonl"
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(site), *filter(None, [os.environ.get("PYTHONPATH")])])
    env[network_guard.LOG_VARIABLE] = str(attempts)
    env[network_guard.LOADED_VARIABLE] = str(loaded)
    return env, attempts, loaded


def records(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
