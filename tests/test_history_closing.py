"""Closing a year (the end of ``test_history.py``'s story, on a site of its own so that it
runs beside the first part on another worker: the two in one module were the suite's longest
chain). Lạng Sơn 2023 after both revisions of Lộc Bình (188) and Đình Lập (189) is closed; a
third revision of 188 (Xã Khánh Xuân now meets all 19 criteria) arrives and waits, pending,
until ``ntm accept`` takes it.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.harness import Site
from tests.test_history import dinh_lap, indicators, loc_binh, ok, put, rows

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def closed_year(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The year after both revisions, closed; a third revision of 188 arrives, waits, and is
    accepted."""
    site = Site.under(tmp_path_factory.mktemp("closing"))
    seen: dict[str, Any] = {"site": site}
    for name, submission in (("188_2023_r1.xlsx", loc_binh()), ("189_2023_r1.xlsx", dinh_lap()),
                             ("188_2023_r2.xlsx", loc_binh(2, yen_khoai_ntm=True)),
                             ("189_2023_r2.xlsx", dinh_lap(2, ntm_reported=4))):
        put(site, name, submission)
    site.build("--year", "2023")
    seen["before_close"] = indicators(site)

    ok(site.call("close", "2023", "--by", "Thống kê"))
    put(site, "188_2023_r3.xlsx", loc_binh(3, yen_khoai_ntm=True, khanh_xuan_met=19))
    site.build("--year", "2023")
    seen["while_pending"] = indicators(site)
    seen["pending"] = rows(site, "SELECT source_file, status, reason FROM quality.submissions "
                           "WHERE status = 'pending'")
    seen["status_out"] = ok(site.call("status", "--year", "2023"))
    seen["accept_out"] = ok(site.call("accept", "2023/188_2023_r3.xlsx"))
    seen["accepted"] = indicators(site)
    seen["after_accept"] = rows(site, "SELECT source_file, status FROM quality.submissions "
                                "WHERE source_file = '2023/188_2023_r3.xlsx'")
    return seen


def test_a_closed_year_does_not_move_until_the_late_file_is_accepted(closed_year: dict) -> None:
    before = closed_year["before_close"]
    # The year as the second revisions left it (test_history.py's second release).
    assert before[("189", "SO_XA_DAT_CHUAN", "reported")] == 4
    assert before[("188", "SO_XA_DAT_CHUAN", "computed")] == 2  # Mẫu Sơn and Yên Khoái
    assert closed_year["while_pending"] == closed_year["before_close"]
    assert [p["source_file"] for p in closed_year["pending"]] == ["2023/188_2023_r3.xlsx"]
    assert "ntm accept" in closed_year["pending"][0]["reason"]
    assert "188_2023_r3.xlsx" in closed_year["status_out"]
    assert closed_year["after_accept"] == [{"source_file": "2023/188_2023_r3.xlsx",
                                            "status": "current"}]
    assert closed_year["accepted"] != closed_year["before_close"]
    assert closed_year["accepted"][("188", "TONG_TC", "computed")] == 19 * 3
