"""How each office fills in the template, and which offices send ``.xls``, CSV or no B06.

Every variation here is valid per the template (none is a planted error): the ingest must
absorb them all, so the sample spreads them over the offices.
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.workbooks import Cell

TEXT_NUMBER_DISTRICT = "935"
"""Vị Thủy types its money as Vietnamese-style text (``"12.345,5"``)."""


@dataclass(frozen=True)
class Style:
    """How one office fills in the template: all valid per the template, none an error."""

    met: Cell = "x"
    unmet: Cell = None
    header: str = "TC{i}"
    codes_as_numbers: bool = False
    signed_as_text: bool = False
    omit_revision: bool = False
    group_as_name: bool = False
    stars_suffix: str = ""
    text_numbers: bool = False
    nfd_headers: bool = False
    wrapped_headers: bool = False
    basic_met: bool = False
    """Writes ``Cơ bản đạt`` in a few unmet cells (valid: counts as not met)."""


STYLES = {
    "178": Style(), "180": Style(met="X"), "181": Style(met="Đạt", unmet="Chưa đạt"),
    "182": Style(codes_as_numbers=True), "183": Style(met=1, unmet=0),
    "184": Style(unmet="-", header="Tiêu chí {i}", signed_as_text=True),
    "185": Style(met="✓"), "186": Style(header="TC{i:02d}", basic_met=True),
    "187": Style(met=True, unmet=False), "188": Style(met="Đạt", unmet="Không đạt",
                                                      omit_revision=True),
    "189": Style(header="{i}"),
    "930": Style(nfd_headers=True, group_as_name=True),
    "931": Style(met="X", group_as_name=True, stars_suffix=" sao"),
    "932": Style(group_as_name=True), "933": Style(met="Đạt", group_as_name=True),
    "934": Style(met=1, signed_as_text=True, group_as_name=True),
    "935": Style(group_as_name=True, text_numbers=True),
    "936": Style(group_as_name=True, omit_revision=True),
    "937": Style(wrapped_headers=True, group_as_name=True),
    "20": Style(), "93": Style(group_as_name=True), "92": Style(met="X", group_as_name=True),
}

XLS_FILES = {("181", 2019), ("181", 2020), ("931", 2019), ("936", 2020), ("20", 2019)}
CSV_FILES = {("933", 2022)}
NO_B06 = {("187", 2019), ("936", 2024)}
"""District B06 is optional in the template; these offices left it out (in a first or last
year, so that no reported cumulative series has a hole in the middle)."""
