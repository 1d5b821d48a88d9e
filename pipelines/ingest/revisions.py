"""Decide which file is the current submission of each unit-year.

The template's rules: the highest revision of a unit-year is current and earlier ones are
superseded; the same content sent twice is a duplicate; two different files claiming the same
unit, year and revision are both kept and flagged. Which of two conflicting files becomes
current is not in the template: the later signing date wins (then the later path), because a
unit that re-sends usually re-signs; the flag tells the statistician to confirm.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipelines.ingest.closures import Closure, Closures


@dataclass(frozen=True)
class Candidate:
    source_file: str
    sha256: str
    folder_year: int | None
    present: bool = True
    year: int | None = None
    level: str | None = None
    unit_code: str | None = None
    revision: int | None = None
    signed_on: date | None = None
    reject_reason: str | None = None
    status: str = ""
    reason: str | None = None


def assign_status(
    candidates: list[Candidate], closures: Closures | None = None
) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Statuses for every candidate plus submission-level flags (conflicts, duplicates,
    year folders that disagree, revisions pending for a closed year). Candidates no longer
    present in the raw folder stay, marked superseded, so that nothing received is lost from
    the record. ``closures`` (the raw folder's ``closures.csv``) makes late files of closed
    years pending."""
    closed = closures.closed() if closures is not None else {}
    accepted = closures.accepted if closures is not None else frozenset()
    decided: list[Candidate] = []
    flags: list[dict[str, Any]] = []
    first_by_sha: dict[str, Candidate] = {}
    by_unit_year: dict[tuple[str, str, int], list[Candidate]] = defaultdict(list)
    waiting: list[tuple[Candidate, Closure]] = []
    for cand in sorted(candidates, key=lambda c: (not c.present, c.source_file)):
        if not cand.present:
            decided.append(replace(cand, status="superseded",
                                   reason="no longer in the raw folder (replaced or removed)"))
            continue
        if cand.reject_reason:
            decided.append(replace(cand, status="rejected", reason=cand.reject_reason))
            flags.append(_flag(cand, "FILE_REJECTED", "error",
                               f"{cand.source_file} was rejected: {cand.reject_reason}"))
            continue
        original = first_by_sha.get(cand.sha256)
        if original is not None:
            decided.append(replace(cand, status="duplicate",
                                   reason=f"same content as {original.source_file}"))
            flags.append(_flag(cand, "DUPLICATE_FILE", "info",
                               f"{cand.source_file} is the same file as "
                               f"{original.source_file}; ignored as a duplicate"))
            continue
        first_by_sha[cand.sha256] = cand
        if cand.folder_year is not None and cand.folder_year != cand.year:
            flags.append(_flag(cand, "YEAR_MISMATCH", "warning",
                               f"{cand.source_file} is in the {cand.folder_year} folder but its "
                               f"ThongTin says Năm báo cáo {cand.year}; filed under {cand.year}",
                               reported=cand.folder_year, expected=cand.year))
        assert cand.level and cand.unit_code and cand.year is not None
        closure = closed.get(cand.year)
        if closure is not None and cand.sha256 not in closure.frozen \
                and cand.sha256 not in accepted:
            waiting.append((cand, closure))
            continue
        by_unit_year[(cand.level, cand.unit_code, cand.year)].append(cand)
    for group in by_unit_year.values():
        decided_group, group_flags = _rank(group)
        decided.extend(decided_group)
        flags.extend(group_flags)
    decided_waiting, waiting_flags = _wait(waiting, decided)
    decided.extend(decided_waiting)
    flags.extend(waiting_flags)
    decided.sort(key=lambda c: c.source_file)
    return decided, flags


def _rank(group: list[Candidate]) -> tuple[list[Candidate], list[dict[str, Any]]]:
    top = max(c.revision or 1 for c in group)
    best = [c for c in group if (c.revision or 1) == top]
    best.sort(key=lambda c: (c.signed_on or date.min, c.source_file), reverse=True)
    current = best[0]
    out = [replace(current, status="current", reason=None)]
    flags = []
    for other in best[1:]:
        out.append(replace(other, status="superseded",
                           reason=f"conflicts with {current.source_file} (same revision {top}); "
                           "the later-signed file is current"))
    if len(best) > 1:
        names = ", ".join(c.source_file for c in best)
        flags.append(_flag(current, "CONFLICTING_SUBMISSION", "error",
                           f"{len(best)} different files claim {current.level} "
                           f"{current.unit_code}, "
                           f"year {current.year}, revision {top}: {names}; "
                           f"{current.source_file} (signed later) is used"))
    for other in group:
        if (other.revision or 1) < top:
            out.append(replace(other, status="superseded",
                               reason=f"superseded by revision {top} ({current.source_file})"))
    return out, flags


def _wait(
    waiting: list[tuple[Candidate, Closure]], ranked: list[Candidate]
) -> tuple[list[Candidate], list[dict[str, Any]]]:
    """Files of closed years, neither frozen nor accepted: pending, unless a lower revision
    than the current one of their unit-year (accepting it would change nothing)."""
    current_of = {(c.level, c.unit_code, c.year): c for c in ranked if c.status == "current"}
    out, flags = [], []
    for cand, closure in waiting:
        current = current_of.get((cand.level, cand.unit_code, cand.year))
        if current is not None and (cand.revision or 1) < (current.revision or 1):
            out.append(replace(cand, status="superseded",
                               reason=f"superseded by revision {current.revision or 1} "
                               f"({current.source_file})"))
            continue
        out.append(replace(cand, status="pending", reason=_pending_reason(cand, closure)))
        flags.append(_flag(cand, "PENDING_REVISION", "info",
                           f"{cand.source_file}: tệp nhận sau khi năm {cand.year} đã khóa "
                           "sổ, chờ chấp nhận; số liệu đã công bố chưa thay đổi — "
                           f"{cand.source_file}: received after year {cand.year} was "
                           "closed, pending; the published figures are unchanged until "
                           f"`ntm accept {cand.source_file}` or `ntm reopen {cand.year}`"))
    return out, flags


def _pending_reason(cand: Candidate, closure: Closure) -> str:
    when = closure.day
    try:
        when_vi = date.fromisoformat(when).strftime("%d/%m/%Y")
    except ValueError:
        when_vi = when
    release_vi = f", bản phát hành {closure.release_name}" if closure.release_name else ""
    release_en = f", release {closure.release_name}" if closure.release_name else ""
    return (f"nhận sau khi năm {cand.year} đã khóa sổ ({when_vi}{release_vi}); "
            f"`ntm accept {cand.source_file}` hoặc `ntm reopen {cand.year}` để công bố — "
            f"received after year {cand.year} was closed ({when}{release_en}); "
            f"`ntm accept {cand.source_file}` or `ntm reopen {cand.year}` publishes it")


def _flag(cand: Candidate, code: str, severity: str, message: str, *,
          reported: float | None = None, expected: float | None = None) -> dict[str, Any]:
    return {
        "check_code": code, "severity": severity, "year": cand.year or cand.folder_year,
        "level": cand.level, "unit_code": cand.unit_code, "indicator_code": None,
        "reported_value": reported, "expected_value": expected, "message": message,
        "source_file": cand.source_file, "sha256": cand.sha256, "sheet": None,
        "row_number": None, "column_name": None, "raw_value": None,
    }
