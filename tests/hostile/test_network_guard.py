"""A build reaches no network: every Python process of ``ntm build`` runs with a guard that
blocks and records any attempt to leave the machine (``network_guard.py``).

The guard is installed as ``sitecustomize`` through ``PYTHONPATH``, so it is in the build's
own process (where dbt runs too) and in every process started below it, which a
monkeypatch in the test process could not reach. The first test proves that the guard blocks
and records what it should and lets local traffic through; the last reads what it recorded
during the build of the bundled sample that the other tests read (``tests/conftest.py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.harness import Site
from tests.hostile import network_guard
from tests.hostile.support_network import guarded_env, records

# 203.0.113.0/24 is TEST-NET-3 (RFC 5737) and .invalid never resolves (RFC 6761): should the
# guard fail, nothing real is contacted.
PROBE = textwrap.dedent("""
    import os, socket, subprocess, sys, urllib.request

    def attempt(name, action):
        try:
            action()
        except OSError as error:  # urllib wraps the cause in URLError.reason
            print(name, type(getattr(error, "reason", error)).__name__, flush=True)
        else:
            print(name, "CONNECTED", flush=True)

    far = ("203.0.113.1", 80)
    attempt("create_connection", lambda: socket.create_connection(far, timeout=1))
    attempt("connect", lambda: socket.socket().connect(far))
    attempt("connect_ex", lambda: socket.socket().connect_ex(far))
    attempt("connect_ipv6", lambda: socket.socket(socket.AF_INET6).connect(("2001:db8::1", 80)))
    attempt("getaddrinfo", lambda: socket.getaddrinfo("example.invalid", 443))
    attempt("gethostbyname", lambda: socket.gethostbyname("example.invalid"))
    attempt("udp_sendto", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            .sendto(b"x", ("203.0.113.1", 53)))
    attempt("urlopen", lambda: urllib.request.urlopen("http://203.0.113.1/", timeout=1))

    # local traffic still works: loopback TCP, localhost by name, a Unix socket pair
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    with socket.create_connection(("localhost", port), timeout=5) as client:
        peer, _ = server.accept()
        client.sendall(b"ping")
        assert peer.recv(4) == b"ping"
        peer.close()
    left, right = socket.socketpair()
    left.sendall(b"unix")
    assert right.recv(4) == b"unix"
    print("local ok", flush=True)

    # a child process inherits the guard
    child = subprocess.run([sys.executable, "-c",
                            "import socket; socket.create_connection(('203.0.113.2', 443), 1)"],
                           capture_output=True, text=True)
    print("child", child.returncode, "NetworkBlocked" in child.stderr, flush=True)
""")


def test_the_guard_blocks_and_records_every_way_out_and_lets_local_traffic_through(
        tmp_path: Path) -> None:
    env, attempts, loaded = guarded_env(tmp_path)
    probe = subprocess.Popen([sys.executable, "-c", PROBE], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    out, err = probe.communicate(timeout=60)
    assert probe.returncode == 0, err
    lines = out.splitlines()
    blocked = ["create_connection", "connect", "connect_ex", "connect_ipv6", "getaddrinfo",
               "gethostbyname", "udp_sendto", "urlopen"]
    assert lines[:len(blocked)] == [f"{name} NetworkBlocked" for name in blocked]
    assert lines[len(blocked):] == ["local ok", "child 1 True"]
    seen = records(attempts)
    assert [r["call"] for r in seen] == [
        "socket.create_connection", "socket.connect", "socket.connect_ex", "socket.connect",
        "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
        "socket.create_connection", "socket.create_connection"]
    assert {r["pid"] for r in seen[:-1]} == {probe.pid} and seen[-1]["pid"] != probe.pid
    assert all(any("<string>" in frame for frame in r["stack"]) for r in seen)
    assert "203.0.113.1" in json.dumps(seen[0]["target"])
    pids = {r["pid"] for r in records(loaded)}
    assert probe.pid in pids and seen[-1]["pid"] in pids and len(pids) == 2


def test_the_guard_is_inert_unless_asked(tmp_path: Path) -> None:
    env, attempts, loaded = guarded_env(tmp_path)
    del env[network_guard.LOG_VARIABLE]
    result = subprocess.run(
        [sys.executable, "-c", "import socket; print(hasattr(socket, '_ntm_network_guard'))"],
        env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
    assert not attempts.exists() and not loaded.exists()


def test_a_build_of_the_sample_opens_no_network_connection(sample_site: Site) -> None:
    """The real ``ntm build`` of every year of the bundled sample, every process guarded: the
    shared build the sample tests read is made that way (``tests/conftest.py``)."""
    build = json.loads((sample_site.folder.parent / "build.json").read_text(encoding="utf-8"))
    tried = records(Path(build["attempts"]))
    assert tried == [], "the build tried to reach the network:\n" + "\n".join(
        f"{r['call']} {r['target']} in {r['argv']}\n  " + "\n  ".join(r["stack"][-8:])
        for r in tried)
    assert build["returncode"] == 0, build["stderr"][-3000:]
    assert "Published" in build["stdout"]
    processes = records(Path(build["loaded"]))
    # the guard was there, in the build's own process, where dbt runs too
    # (pipelines/orchestration/dbt_inprocess.py): no process of the build escaped it
    assert build["pid"] in {p["pid"] for p in processes}
    dbt = [p for p in processes if any(Path(a).name == "dbt" for a in p["argv"][:3])]
    assert not dbt, [p["argv"][:4] for p in processes]
    assert build["raw_unchanged"]
