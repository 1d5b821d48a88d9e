"""``make dev`` serves the Dagster UI on this machine only.

The UI can launch builds and shows file paths and quality flags; nobody on the office network
should reach it. ``dagster dev`` binds to whatever ``-h`` says, and its default has changed
between releases, so the recipe must name a loopback host itself.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
_VARIABLE = re.compile(r"\$[({](\w+)[)}]")


def variables(makefile: str) -> dict[str, str]:
    """Simple ``NAME = value`` / ``:=`` / ``?=`` assignments (the last one wins)."""
    found = {}
    for line in makefile.splitlines():
        match = re.match(r"^(?:export\s+)?(\w+)\s*(?::=|\?=|=)\s*(.*)$", line)
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def recipe(makefile: str, target: str) -> list[str]:
    """The commands of ``target``, continuation lines joined, Make variables expanded."""
    lines = makefile.replace("\\\n", " ").splitlines()
    start = next((i for i, line in enumerate(lines)
                  if re.match(rf"^{re.escape(target)}\s*:(?!=)", line)), None)
    if start is None:
        raise LookupError(f"no {target} target")
    known = variables(makefile)
    commands = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            if line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        command = line.strip()
        for _ in range(5):  # nested variables
            command = _VARIABLE.sub(lambda m: known.get(m.group(1), m.group(0)), command)
        commands.append(command)
    return commands


def dagster_hosts(commands: list[str]) -> list[str | None]:
    """The host of every ``dagster dev`` (or ``dagster-webserver``) in ``commands``; None
    where none is given."""
    hosts: list[str | None] = []
    for command in commands:
        words = shlex.split(command, comments=True)
        for i, word in enumerate(words):
            name = Path(word).name
            if not (name == "dagster-webserver" or (name == "dagster" and words[i + 1:i + 2]
                                                    == ["dev"])):
                continue
            host = None
            options = words[i + 1:]
            for j, option in enumerate(options):
                if option in ("-h", "--host") and j + 1 < len(options):
                    host = options[j + 1]
                elif option.startswith("--host="):
                    host = option.split("=", 1)[1]
                elif option.startswith("-h") and len(option) > 2 and not option.startswith("--"):
                    host = option[2:]
                elif option in ("&&", ";", "|", "||"):
                    break
            hosts.append(host)
    return hosts


def assert_dev_binds_to_loopback(makefile: str) -> None:
    hosts = dagster_hosts(recipe(makefile, "dev"))
    assert hosts, "make dev does not start dagster dev any more; check what it serves"
    assert all(host in LOOPBACK for host in hosts), hosts


def test_make_dev_binds_the_dagster_ui_to_loopback_only() -> None:
    assert_dev_binds_to_loopback((PROJECT_ROOT / "Makefile").read_text(encoding="utf-8"))


def makefile_with(dev_recipe: str) -> str:
    return f"VENV := .venv\nHOST ?= 0.0.0.0\n\ndev: setup\n{dev_recipe}\n\nlint:\n\tx\n"


@pytest.mark.parametrize("dev_recipe, hosts", [
    ("\t$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000", ["127.0.0.1"]),
    ("\tdagster dev --host=localhost", ["localhost"]),
    ("\tdagster dev -h0.0.0.0", ["0.0.0.0"]),
    ("\t$(VENV)/bin/dagster dev -w workspace.yaml -p 3000", [None]),
    ("\tdagster dev \\\n\t  --host $(HOST) -p 3000", ["0.0.0.0"]),
    ("\tdagster dev -h 127.0.0.1 && dagster-webserver -h ::", ["127.0.0.1", "::"]),
    ("\t@echo starting\n\t$(VENV)/bin/python -m pipelines.orchestration.instance", []),
])
def test_the_check_reads_the_host_and_fails_unless_it_is_loopback(
        dev_recipe: str, hosts: list[str | None]) -> None:
    makefile = makefile_with(dev_recipe)
    assert dagster_hosts(recipe(makefile, "dev")) == hosts
    if hosts and all(h in LOOPBACK for h in hosts):
        assert_dev_binds_to_loopback(makefile)
    else:  # another interface, no host at all, or no dagster dev left
        with pytest.raises(AssertionError):
            assert_dev_binds_to_loopback(makefile)
