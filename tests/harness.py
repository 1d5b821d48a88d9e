"""One harness for running ``ntm`` in a temporary site, and warehouses built once per session.

A ``Site`` is a raw folder, a published warehouse and Dagster's home, the three places the
command reads and writes. ``run`` starts ``ntm`` as a separate process, as a person or a
script runs it (its exit code, its output, its process group); ``call`` runs it in this
process, which prints and exits the same and saves a Python start-up per call. ``build`` and
the commands that build after writing (``review``, ``release``, ``accept``) go through
``call`` too where a test only needs what they publish: after the first build of a test
worker, Dagster, dagster-dbt, the code location and Great Expectations are already imported,
which saves about a fifth of a build's CPU (measured on a one-year build: 26 s instead of
34 s). The builds that the tests watch as processes (killed, out of space, refused while
another holds the warehouse, the end-to-end module's refresh under a BI connection, the sample
under the network guard) keep ``run``.

``shared`` makes a folder once per test session, whichever xdist worker asks first, and hands
the same folder to every other worker (a file lock, the ``done`` file says how it went): the
bundled sample and the one-year site of the fault tests are each built once for the whole
suite. Tests must treat a shared site as read-only, or ``clone`` it first.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

NTM = [sys.executable, "-m", "pipelines.cli"]


@dataclass
class Site:
    """One warehouse under test: raw folder, published path and Dagster's home."""

    raw: Path
    warehouse: Path
    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def under(cls, folder: Path, raw: Path | None = None) -> Site:
        """The site of a test folder: ``raw/``, ``out/ntm.duckdb``, ``dagster_home/``."""
        return cls(raw or folder / "raw", folder / "out" / "ntm.duckdb", folder / "dagster_home")

    @classmethod
    def reading(cls, warehouse: Path) -> Site:
        """A site for the reading commands on ``warehouse`` (raw folder and Dagster's home
        unused)."""
        return cls(warehouse.parent / "raw", warehouse, warehouse.parent / "dagster_home")

    @property
    def folder(self) -> Path:
        return self.warehouse.parent

    @property
    def versions(self) -> Path:
        return self.folder / ".versions"

    @property
    def working(self) -> Path:
        return self.folder / ".build" / self.warehouse.name

    def env(self) -> dict[str, str]:
        return {**os.environ, **self.variables()}

    def variables(self) -> dict[str, str]:
        return {"NTM_RAW_DIR": str(self.raw), "NTM_WAREHOUSE": str(self.warehouse),
                "DAGSTER_HOME": str(self.home), "TQDM_DISABLE": "1", **self.extra_env}

    def start(self, *args: str, logs: Path,
              preexec_fn: Callable[[], None] | None = None) -> subprocess.Popen:
        """``ntm *args`` in a new session, so that killing its group kills all it started
        (dbt, ingest workers) and nothing else; its output goes to ``logs``."""
        logs.mkdir(parents=True, exist_ok=True)
        with (logs / "stdout").open("wb") as out, (logs / "stderr").open("wb") as err:
            return subprocess.Popen([*NTM, *args], env=self.env(), stdout=out, stderr=err,
                                    start_new_session=True, preexec_fn=preexec_fn,
                                    cwd=PROJECT_ROOT)

    def run(self, *args: str, preexec_fn: Callable[[], None] | None = None,
            timeout: float = 900, binary: bool = False) -> subprocess.CompletedProcess:
        """``ntm *args`` as a separate process. With ``binary`` the output is decoded without
        newline translation (a carriage return inside a CSV field is then visible)."""
        result = subprocess.run([*NTM, *args], env=self.env(), capture_output=True,
                                text=not binary, timeout=timeout, preexec_fn=preexec_fn,
                                cwd=PROJECT_ROOT)
        if binary:
            return subprocess.CompletedProcess(result.args, result.returncode,
                                               result.stdout.decode("utf-8"),
                                               result.stderr.decode("utf-8"))
        return result

    def build(self, *args: str) -> subprocess.CompletedProcess:
        """``ntm build *args`` in this process (``call``), which must publish."""
        result = self.call("build", *args)
        assert result.returncode == 0, (result.stdout[-2000:], result.stderr[-3000:])
        return result

    def call(self, *args: str) -> subprocess.CompletedProcess:
        """``ntm *args`` in this process: the same exit code, standard output and standard
        error as ``run`` gives, without starting Python (nor importing Dagster again)."""
        from pipelines.cli import main

        out, err = io.StringIO(), io.StringIO()
        with _environment(self.variables()), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
        return subprocess.CompletedProcess(["ntm", *args], code, out.getvalue(),
                                           err.getvalue())


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """The site's variables for the length of a call; the whole environment is put back after
    it, since a build exports more (Dagster's home, dbt's working copy, the offline switches)
    and the next test of this worker must not inherit them."""
    before = dict(os.environ)
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(before)


def clone(source: Site, destination: Path, *, raw: bool = False) -> Site:
    """A copy of a published warehouse folder (hard links kept, as ``cp -a`` does) with a new
    Dagster home, so that a test starts from the same published state and may build on it;
    with ``raw`` the raw folder is copied too, for a test that adds files to it."""
    destination.mkdir(parents=True, exist_ok=True)
    folder = destination / source.folder.name
    subprocess.run(["cp", "-a", str(source.folder), str(folder)], check=True)
    raw_dir = source.raw
    if raw:
        raw_dir = destination / "raw"
        subprocess.run(["cp", "-a", str(source.raw), str(raw_dir)], check=True)
    return Site(raw_dir, folder / source.warehouse.name, destination / "dagster_home")


def shared(name: str, make: Callable[[Path], None],
           tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder ``make(folder)`` fills, made once per test session for every xdist worker.

    The first worker to ask makes it under the session's temporary folder, holding a file
    lock; the others wait on the lock and get the same folder. If ``make`` failed, every
    worker fails with its error instead of trying again.
    """
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / f"shared-{name}"
    done = root / f"shared-{name}.done"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            try:
                make(folder)
            except BaseException:
                done.write_text(json.dumps({"error": traceback.format_exc()[-6000:]}))
                raise
            done.write_text(json.dumps({"error": None}))
    error = json.loads(done.read_text())["error"]
    if error:
        pytest.fail(f"the shared {name!r} site could not be made:\n{error}", pytrace=False)
    return folder
