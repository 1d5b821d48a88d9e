"""A guard against internet connections, loaded into every Python process of a test run.

``tests/hostile/test_network_guard.py`` copies this file as ``sitecustomize.py`` into a
folder it puts first on ``PYTHONPATH``: Python imports ``sitecustomize`` at start-up, and
child processes inherit the environment, so the build's own process (dbt included) and any
other Python started below it all load it before running anything else.

It only acts when ``NTM_NETWORK_GUARD_LOG`` names a file. Then every attempt to reach
anything other than a Unix socket or the loopback interface, by ``connect``, ``connect_ex``,
``sendto``/``sendmsg``, ``create_connection`` or a name lookup (``getaddrinfo``,
``gethostbyname``...), raises ``NetworkBlocked`` and is appended to that file as one JSON
line with the process, the target and a stack summary, so that an attempt a library catches
and ignores is still seen. Each process that loads the guard appends a line to
``NTM_NETWORK_GUARD_LOADED``, which lets the test prove the guard was there at all.

Standard library only: it runs before the project or its environment is importable. C code
that opens sockets itself (DuckDB's own HTTP client, for instance) is not seen here.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import sys
import traceback
from typing import Any

LOG_VARIABLE = "NTM_NETWORK_GUARD_LOG"
LOADED_VARIABLE = "NTM_NETWORK_GUARD_LOADED"
LOCAL_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})


class NetworkBlocked(OSError):
    """An attempt to reach the network from a process that must stay offline."""


def _append(path: str, record: dict[str, Any]) -> None:
    # One write per line on an O_APPEND descriptor: lines of concurrent processes never mix.
    line = (json.dumps(record, ensure_ascii=False, default=repr) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _argv() -> list[str]:
    # orig_argv: the command line as typed, including "-m pipelines.cli" or dbt's script.
    return list(getattr(sys, "orig_argv", None) or getattr(sys, "argv", None) or [])


def _is_local(host: object) -> bool:
    """True for a loopback address or the name localhost; any other name would need a
    lookup that may leave the machine, and any other address is the network."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _blocked(call: str, target: object) -> NetworkBlocked:
    stack = [f"{f.filename}:{f.lineno} {f.name}" for f in traceback.extract_stack()[:-2]]
    _append(os.environ[LOG_VARIABLE], {
        "pid": os.getpid(), "argv": _argv(), "call": call,
        "target": target, "stack": stack[-25:]})
    return NetworkBlocked(f"network access blocked during this test: {call} {target!r} "
                         f"(recorded in {os.environ[LOG_VARIABLE]})")


def _check_address(sock: socket.socket, address: object, call: str) -> None:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return  # Unix sockets, netlink: they stay on this machine
    host = address[0] if isinstance(address, tuple) and address else address
    if not _is_local(host):
        raise _blocked(call, address)


def install() -> None:
    """Wrap the socket module's ways out; idempotent."""
    if getattr(socket, "_ntm_network_guard", False):
        return
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_sendto, real_sendmsg = socket.socket.sendto, socket.socket.sendmsg
    real_create_connection, real_getaddrinfo = socket.create_connection, socket.getaddrinfo
    lookups = {name: getattr(socket, name) for name in
               ("gethostbyname", "gethostbyname_ex", "gethostbyaddr")}

    def connect(self: socket.socket, address: Any) -> None:
        _check_address(self, address, "socket.connect")
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check_address(self, address, "socket.connect_ex")
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *rest: Any) -> int:
        if rest:  # (address) or (flags, address)
            _check_address(self, rest[-1], "socket.sendto")
        return real_sendto(self, data, *rest)

    def sendmsg(self: socket.socket, buffers: Any, *rest: Any) -> int:
        if len(rest) >= 3 and rest[2] is not None:  # (ancdata, flags, address)
            _check_address(self, rest[2], "socket.sendmsg")
        return real_sendmsg(self, buffers, *rest)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not _is_local(address[0]):
            raise _blocked("socket.create_connection", address)
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> list:
        if host is not None and not _is_local(host):
            raise _blocked("socket.getaddrinfo", host)
        return real_getaddrinfo(host, *args, **kwargs)

    def lookup(name: str) -> Any:
        real = lookups[name]

        def guarded(host: Any, *args: Any) -> Any:
            if not _is_local(host):
                raise _blocked(f"socket.{name}", host)
            return real(host, *args)

        return guarded

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.socket.sendmsg = sendmsg
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    for name in lookups:
        setattr(socket, name, lookup(name))
    socket._ntm_network_guard = True


if os.environ.get(LOG_VARIABLE):
    install()
    if os.environ.get(LOADED_VARIABLE):
        _append(os.environ[LOADED_VARIABLE], {
            "pid": os.getpid(), "ppid": os.getppid(),
            "argv": _argv()})
