"""OCOP products and certificates (the B03 rows and the B06 counts of valid stars).

One book holds every certificate of the sample, so a 2025 province can renew what its old
districts issued and valid counts across the reform come from the same records.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

from samples.bundled.scope import Unit, short_name

PRODUCT_BASES = {
    "20": [("Hồi khô", 1), ("Tinh dầu hồi", 3), ("Quýt vàng", 1), ("Na dai", 1),
           ("Hồng vành khuyên", 1), ("Thạch đen", 1), ("Khâu nhục", 1), ("Miến dong", 1),
           ("Lạp sườn hun khói", 1), ("Rượu men lá", 2), ("Chè xanh", 2), ("Gạo nếp cẩm", 1),
           ("Trám đen đồ", 1), ("Măng khô", 1), ("Mật ong rừng", 1), ("Thổ cẩm Tày", 4),
           ("Bánh ngải", 1), ("Mắc mật khô", 1), ("Tinh dầu quế", 3), ("Ba kích tím", 3),
           ("Chổi chít", 5), ("Du lịch cộng đồng", 6), ("Trà hoa vàng", 2), ("Hạt dẻ", 1)],
    "93": [("Khóm Cầu Đúc", 1), ("Bưởi Năm Roi", 1), ("Chanh không hạt", 1),
           ("Cá thát lát rút xương", 1), ("Khô cá lóc", 1), ("Lạp xưởng tươi", 1),
           ("Gạo thơm", 1), ("Trà mãng cầu", 2), ("Rượu đế", 2), ("Mứt khóm", 1),
           ("Mật ong hoa tràm", 1), ("Tinh dầu tràm", 3), ("Giỏ lục bình", 5),
           ("Du lịch sinh thái vườn", 6), ("Mía hấp", 1), ("Cam sành", 1), ("Vú sữa Lò Rèn", 1),
           ("Nước cốt khóm", 2), ("Bánh tráng", 1), ("Ổi ruột đỏ", 1), ("Mắm cá lóc", 1)],
}
PRODUCT_BASES["92"] = PRODUCT_BASES["93"]
GROUP_NAMES = {1: "Thực phẩm", 2: "Đồ uống", 3: "Thảo dược", 4: "Vải và may mặc",
               5: "Lưu niệm - nội thất - trang trí", 6: "Dịch vụ du lịch cộng đồng và điểm du lịch"}
FAMILY = {"20": ["Hoàng", "Nông", "Lương", "Vi", "Lộc", "Triệu", "Hà", "Lăng", "Nguyễn"],
          "93": ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh", "Đặng", "Lâm", "Trương"]}
FAMILY["92"] = FAMILY["93"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Ngọc", "Hữu"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hạnh", "Hoa", "Hùng", "Lan", "Mai", "Nam", "Phúc",
         "Quang", "Sơn", "Thảo", "Tuấn", "Vân"]
BRANDS = {"20": ["Nông sản Xứ Lạng", "Hồi Quế Lạng Sơn", "Đặc sản Mẫu Sơn", "Thực phẩm Kỳ Lừa"],
          "93": ["Nông sản Hậu Giang", "Thực phẩm Miền Tây Xanh", "Khóm Việt", "Mekong Farm"]}
BRANDS["92"] = BRANDS["93"]


@dataclass(frozen=True)
class Certificate:
    """One OCOP certificate (a B03 row); a renewal or re-rating is a new certificate."""

    product: str
    producer: str
    commune_code: str
    group: int
    stars: int
    recognized_on: dt.date
    decision_no: str
    unit_code: str
    """The district (or, from 2025, province) whose B03 lists it."""
    new_province: str
    """The post-reform province of the commune, to carry validity across the reform."""

    @property
    def level(self) -> str:
        return {3: "Huyện", 4: "Tỉnh", 5: "Trung ương"}[self.stars]

    def valid_at_end_of(self, year: int) -> bool:
        """Valid 36 months: recognition dates lie in March-November, so no edge cases."""
        return year - 2 <= self.recognized_on.year <= year


class OcopBook:
    """All certificates of the sample, issued year by year.

    Renewals and re-ratings are issued only after the previous certificate expired, so a
    product never holds two valid certificates and counts by stars are unambiguous.
    """

    def __init__(self) -> None:
        self.certificates: list[Certificate] = []
        self._names: set[str] = set()

    def _decision(self, rng: random.Random, stars: int) -> str:
        suffix = {3: "QĐ-UBND", 4: "QĐ-UBND", 5: "QĐ-BNN-VPĐP"}[stars]
        return f"{rng.randint(120, 4800)}/{suffix}"

    def issue(self, rng: random.Random, year: int, unit_code: str, new_province: str,
              profile_code: str, communes: list[Unit], n_new: int,
              commune_map: dict[str, str] | None = None,
              predecessors: Iterable[str] = ()) -> list[Certificate]:
        """Certificates of one unit-year: renewals of expired ones, then new products.

        ``predecessors`` are the units whose expiring certificates this unit renews (a
        2025 province renews what its old districts had issued); ``commune_map`` moves
        their communes to the new map.
        """
        issued: list[Certificate] = []
        owners = {unit_code, *predecessors}
        latest: dict[str, Certificate] = {}
        for cert in self.certificates:
            if cert.unit_code in owners:
                latest[cert.product] = cert
        for cert in sorted(latest.values(), key=lambda c: c.product):
            if cert.recognized_on.year != year - 3 or rng.random() > 0.6:
                continue
            expiry = cert.recognized_on.replace(year=year)
            when = expiry + dt.timedelta(days=rng.randint(10, 60))
            if when > dt.date(year, 11, 30):
                continue
            stars = cert.stars
            if stars == 3 and rng.random() < 0.25:
                stars = 4
            elif stars == 4 and rng.random() < 0.2:
                stars = 5
            commune = (commune_map or {}).get(cert.commune_code, cert.commune_code)
            issued.append(replace(cert, stars=stars, recognized_on=when, commune_code=commune,
                                  decision_no=self._decision(rng, stars), unit_code=unit_code))
        for _ in range(n_new):
            commune = rng.choice(communes)
            for _attempt in range(20):
                base, group = rng.choice(PRODUCT_BASES[profile_code])
                name = f"{base} {short_name(commune.name)}"
                if name not in self._names:
                    break
            else:
                continue
            self._names.add(name)
            stars = rng.choices([3, 4], weights=[78, 22])[0]
            issued.append(Certificate(
                product=name, producer=_producer(rng, profile_code, commune), group=group,
                commune_code=commune.code, stars=stars,
                recognized_on=dt.date(year, rng.randint(3, 11), rng.randint(1, 28)),
                decision_no=self._decision(rng, stars), unit_code=unit_code,
                new_province=new_province))
        issued.sort(key=lambda c: (c.recognized_on, c.product))
        self.certificates.extend(issued)
        return issued

    def valid_counts(self, year: int, owners: Iterable[str] = (),
                     new_province: str | None = None) -> tuple[int, int, int]:
        """Certificates valid at the end of ``year`` by stars (3, 4, 5)."""
        owner_set = set(owners)
        counts = [0, 0, 0]
        for cert in self.certificates:
            mine = cert.unit_code in owner_set or cert.new_province == new_province
            if mine and cert.valid_at_end_of(year):
                counts[cert.stars - 3] += 1
        return counts[0], counts[1], counts[2]


def _producer(rng: random.Random, pc: str, commune: Unit) -> str:
    kind = rng.choices(["htx", "hkd", "cty"], weights=[50, 30, 20])[0]
    if kind == "htx":
        sector = rng.choice(["Nông nghiệp", "Dịch vụ nông nghiệp", "Nông lâm nghiệp",
                             "Chế biến nông sản"])
        return f"HTX {sector} {short_name(commune.name)}"
    if kind == "hkd":
        person = f"{rng.choice(FAMILY[pc])} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        return f"Hộ kinh doanh {person}"
    return f"Công ty TNHH {rng.choice(BRANDS[pc])}"
