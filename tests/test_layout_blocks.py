"""A header block laid out once is copied for the next sheet that has the same block
(``layout._Block``): what every sheet gets must be what it gets when it is laid out alone."""

from __future__ import annotations

from pipelines.ingest import template, vocabulary
from pipelines.ingest.layout import Context, Layout, find_layout
from pipelines.ingest.workbook import Cell, Grid

HEADER: list[Cell] = ["Mã nguồn", "Nguồn vốn", "Giá trị", None]
DATA: list[list[Cell]] = [["1", "Ngân sách trung ương", 1200.5, None],
                          ["2", "Ngân sách địa phương", 800.0, None],
                          ["Tổng cộng", None, 2000.5, None]]


def _context() -> Context:
    return Context(2023, "2021-2025", vocabulary.builtin())


def _grid(above: list[list[Cell]], below: list[list[Cell]]) -> Grid:
    return Grid("B02_NguonVon", [*above, HEADER, *below])


def _seen(layout: Layout) -> tuple:
    return (layout.top, layout.bottom, {n: (c.index, c.unit) for n, c in layout.columns.items()},
            layout.data, layout.totals, layout.notes, [p.message for p in layout.problems],
            layout.missing)


def _together_and_alone(grids: list[Grid]) -> tuple[list[Layout], list[Layout], Context]:
    spec = template.SHEETS["B02"]
    shared = _context()
    together = [find_layout(grid, spec, shared) for grid in grids]
    alone = [find_layout(grid, spec, _context()) for grid in grids]
    return together, alone, shared


def test_the_same_block_under_other_titles_is_laid_out_once():
    grids = [_grid([["UBND HUYỆN LỘC BÌNH"], ["BIỂU 02"]], DATA),
             _grid([["UBND HUYỆN VĂN QUAN"], ["BIỂU 02 - NĂM 2023"]], DATA[:1])]
    together, alone, shared = _together_and_alone(grids)
    assert [_seen(x) for x in together] == [_seen(x) for x in alone]
    assert together[1].data == [3] and together[0].totals == [5]
    assert sum(len(blocks) for blocks in shared.vocabulary.blocks.values()) == 1


def test_a_row_that_continues_the_header_is_not_hidden_by_a_block_seen_before():
    """The same header row, then in the second sheet a row naming one more column: the
    search down the block is asked again, and the second sheet reads that column."""
    above = [["BIỂU 02"]]
    more = [None, None, None, "Khối lượng"]
    grids = [_grid(above, DATA), _grid(above, [more, *DATA])]
    together, alone, _ = _together_and_alone(grids)
    assert [_seen(x) for x in together] == [_seen(x) for x in alone]
    assert "quantity" not in together[0].columns
    assert together[1].columns["quantity"].index == 3 and together[1].bottom == 2


def test_a_unit_line_above_the_same_block_is_read_for_each_sheet():
    grids = [_grid([["BIỂU 02"], ["Đơn vị tính: tỷ đồng"]], DATA),
             _grid([["BIỂU 02"], ["Đơn vị tính: triệu đồng"]], DATA),
             _grid([["BIỂU 02"], ["ĐVT: triệu đồng"], [None, "Đơn vị tính: tỷ đồng"]], DATA)]
    together, alone, _ = _together_and_alone(grids)
    assert [_seen(x) for x in together] == [_seen(x) for x in alone]
    units = [x.columns["value"].unit for x in together[:2]]
    assert units == [(1000.0, "tỷ đồng"), (1.0, "triệu đồng")]
    assert together[2].missing == ["one money unit for the table"]


def test_cells_that_python_finds_equal_but_a_person_reads_apart_are_different_blocks():
    """1.0 and True are equal in Python; in a header a person reads "1" and "TRUE"."""
    grids = [Grid("B02_NguonVon", [["BIỂU 02"], [*HEADER[:3], 1.0], *DATA]),
             Grid("B02_NguonVon", [["BIỂU 02"], [*HEADER[:3], True], *DATA])]
    together, alone, _ = _together_and_alone(grids)
    assert [_seen(x) for x in together] == [_seen(x) for x in alone]
    assert "'TRUE'" in together[1].problems[0].message
