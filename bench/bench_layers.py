"""Derived lists at city scale (issue 14), measured against a plain county list in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jianfu_layers .venv/bin/python bench/bench_layers.py

PostgreSQL only: the bench creates a throwaway database ``<name>_bench_<pid>`` on the server of
``DATABASE_URL`` and drops it at the end; it skips with a message when no PostgreSQL answers.

Synthetic city (deterministic): a catalogue of eight lists, four counties (two deriving from
the catalogue with additions and exclusions, two with complete lists of their own), 44 townships,
511 villages, eight lists per county of a few hundred items, adjustments (exclusions and
additions) on a fifth of the townships. Measured in-process, the page cache cleared before
every request (server time, uncached):

1. a township's derived list page (city → county → township: three layers) against the
   baseline: the same page of a township in a county with a plain list (one layer). Target:
   p95 < 50 ms.
2. the admission check (``check_compute``: index lookup + rules) for a village under a derived
   chain against one under a plain county. Target: p95 < 20 ms (index cached per version set).
3. the catalogue comparison page (各县（区）对照指导目录的增减) of the city.
4. 码上减 statistics over ``--cases`` cases (default one million) city-wide, loaded with COPY
   (``_mashangjian_stats.py``): one table of the city role against the same table for one
   county's office, and the city role's whole statistics page (every table and the 12-month
   charts) live from the case table (one pass, GROUPING SETS: as before the monthly figures)
   and from the monthly figures: as is, right after one case is updated (one county-month
   recounted first) and with dates that cut two months (their days inside the range counted
   live and added, as before; and each month's smaller part, here its days outside the range
   subtracted from its figures). Target:
   p95 < 500 ms for the page. Also the first refresh after the COPY; the figures are checked
   equal to live aggregation.

Prints ratios, then absolute figures; asserts nothing about wall-clock time.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from urllib.parse import urlparse

from _common import pct, pg_admin
from _mashangjian_stats import statistics_bench


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300, help="items per county list")
    parser.add_argument("--requests", type=int, default=60, help="requests per measurement")
    parser.add_argument("--cases", type=int, default=1_000_000, help="码上减 cases, city-wide")
    parser.add_argument(
        "--stats-requests", type=int, default=20, help="requests per statistics measurement"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the throwaway database (for EXPLAIN ANALYZE); drop it by hand afterwards",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench_layers: skipped — set DATABASE_URL to a PostgreSQL server "
            "(postgres://user@host:port/db); this bench measures PostgreSQL only."
        )
        return 0
    bench_db = f"{urlparse(url).path.lstrip('/') or 'jianfu'}_bench_{os.getpid()}"
    try:
        pg_admin(url, f'CREATE DATABASE "{bench_db}"')
    except Exception as exc:  # noqa: BLE001 - any connection failure means: skip
        print(f"bench_layers: skipped — PostgreSQL is unreachable at {url} ({exc}).")
        return 0
    os.environ["DATABASE_URL"] = urlparse(url)._replace(path=f"/{bench_db}").geturl()
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    try:
        return _run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"bench_layers: kept the database {bench_db}")
        else:
            pg_admin(url, f'DROP DATABASE IF EXISTS "{bench_db}"')


def _run(args) -> int:
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone
    from wagtail.models import Page, Site

    from cms.models import HomePage
    from registry import selectors
    from registry.enums import Adjustment, ListKind, RegionLevel, UnitType
    from registry.services.checks import check_compute
    from registry.services.regions import duty_list_get_or_create
    from registry.services.versions import ItemData, version_publish
    from tests.cms.public_site import list_page, region_page
    from tests.factories import make_region

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    rng = random.Random(14)
    today = timezone.localdate()
    one_day = datetime.timedelta(days=1)
    start = today - 365 * one_day
    words = ["巡查", "宣传", "摸排", "调解", "登记", "走访", "报告", "劝导", "核查", "服务"]

    def catalogue_items(kind: str, n: int) -> list[ItemData]:
        prefix = {
            "township_basic": "JB",
            "township_cooperate": "PH",
            "township_withdrawn": "SH",
            "village_selfgov": "ZZ",
            "village_assist": "XZ",
            "village_negative": "FM",
            "village_certificates": "ZM",
            "village_no_certificates": "BZ",
        }[kind]
        return [
            ItemData(
                seq=i,
                code=f"{prefix}-{i:03d}",
                domain=f"领域{i % 9}",
                name=f"{kind[:3]}事项{i}{rng.choice(words)}{rng.choice(words)}",
                content="组织开展辖区内"
                + "、".join(rng.sample(words, 4))
                + "等工作，落实属地责任。",
            )
            for i in range(1, n + 1)
        ]

    def publish(region, kind, items, day, no):
        return version_publish(
            duty_list=duty_list_get_or_create(region=region, kind=kind),
            effective_from=day,
            document_no=no,
            issuing_body="测试机关",
            items=items,
            allow_past=True,
        )

    city = make_region("970100000000", "测试城", RegionLevel.CITY, UnitType.CITY)
    for kind in ListKind.values:
        publish(city, kind, catalogue_items(kind, args.items), start, "市指〔1〕号")
    counties, townships, villages = [], [], []
    township_counts = [11, 11, 11, 11]  # 44
    village_total, v = 511, 0
    for c in range(4):
        county = make_region(
            f"9701{c + 1:02d}000000", f"第{c + 1}县", RegionLevel.COUNTY, UnitType.COUNTY, city
        )
        counties.append(county)
    # Counties 3 and 4 get complete lists of their own first: they stay plain (created before any
    # derivation is possible would need no catalogue; here they are made root explicitly).
    from registry.models import DutyList

    for c, county in enumerate(counties):
        for kind in ListKind.values:
            if c < 2:
                base = catalogue_items(kind, args.items)
                excluded = [
                    ItemData(
                        seq=k + 1,
                        code=base[k * 7].code,
                        name=base[k * 7].name,
                        adjustment=Adjustment.EXCLUDED,
                        reason="本县不适用",
                    )
                    for k in range(10)
                ]
                added = [
                    ItemData(
                        seq=100 + k,
                        domain="本县",
                        name=f"本县增补{k}{rng.choice(words)}",
                        content="本县特色工作。",
                    )
                    for k in range(20)
                ]
                publish(county, kind, excluded + added, start + one_day, f"县{c}〔1〕号")
            else:
                DutyList.objects.get_or_create(
                    region=county, kind=kind, defaults={"derived": False}
                )
                publish(
                    county,
                    kind,
                    catalogue_items(kind, args.items + 20),
                    start + one_day,
                    f"县{c}〔1〕号",
                )
        for t in range(township_counts[c]):
            code, name = f"9701{c + 1:02d}{t + 1:03d}000", f"第{c + 1}县第{t + 1}街道"
            township = make_region(code, name, RegionLevel.TOWNSHIP, UnitType.SUBDISTRICT, county)
            townships.append(township)
            per = village_total // 44 + (1 if len(townships) <= village_total % 44 else 0)
            for k in range(per):
                v += 1
                code, name = f"{township.code[:9]}{k + 1:03d}", f"第{v}社区"
                villages.append(
                    make_region(code, name, RegionLevel.VILLAGE, UnitType.COMMUNITY, township)
                )
    adjusted = townships[::5]  # a fifth of the townships (9 of 44)
    for township in adjusted:
        for kind in (ListKind.TOWNSHIP_BASIC, ListKind.TOWNSHIP_COOPERATE):
            source = {i["code"]: i for i in selectors.unit_list(unit=township, kind=kind).items}
            codes = sorted(source)[3:8]
            items = [
                ItemData(
                    seq=n + 1,
                    code=code,
                    name=source[code]["name"],
                    adjustment=Adjustment.EXCLUDED,
                    reason="本街道不适用",
                )
                for n, code in enumerate(codes)
            ] + [ItemData(seq=50 + k, name=f"街道增补{k}", content="街道特色。") for k in range(5)]
            publish(township, kind, items, start + 2 * one_day, "街〔1〕号")

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="基准", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    city_page = region_page(home, city)
    derived_county, plain_county = counties[0], counties[2]
    derived_township = adjusted[0]
    plain_township = next(t for t in townships if t.parent_id == plain_county.pk)
    dc_page = region_page(city_page, derived_county)
    pc_page = region_page(city_page, plain_county)
    dt_page = region_page(dc_page, derived_township)
    kind = ListKind.TOWNSHIP_BASIC
    dt_list = list_page(
        dt_page, duty_list_get_or_create(region=derived_township, kind=kind), "街道清单"
    )
    pc_list = list_page(pc_page, duty_list_get_or_create(region=plain_county, kind=kind), "县清单")
    setup_s = time.perf_counter() - t0

    client = Client()

    def timed(path: str) -> list[float]:
        out = []
        client.get(path)  # warm the process (templates, routing)
        for _ in range(args.requests):
            cache.clear()
            t = time.perf_counter()
            response = client.get(path)
            out.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        return out

    derived_page = timed(dt_list.url)
    plain_page = timed(f"{pc_list.url}?region={plain_township.code}")
    catalogue = timed(f"{city_page.url}catalogue/")

    def checks(village) -> list[float]:
        texts = ["请社区协助开展入户走访和政策宣传", "要求社区出具居住证明", "安排社区开展巡查摸排"]
        check_compute(region=village, text=texts[0])  # builds the cached index
        out = []
        for n in range(args.requests):
            t = time.perf_counter()
            check_compute(region=village, text=texts[n % len(texts)])
            out.append((time.perf_counter() - t) * 1000)
        return out

    derived_village = next(x for x in villages if x.parent_id == derived_township.pk)
    plain_village = next(x for x in villages if x.parent_id == plain_township.pk)
    derived_check = checks(derived_village)
    plain_check = checks(plain_village)

    stats = statistics_bench(args, city, counties, villages)

    from registry.models import ListItem

    print(
        f"synthetic city: 4 counties, {len(townships)} townships, {len(villages)} villages, "
        f"{ListItem.objects.count()} published items, {len(adjusted)} adjusted townships "
        f"(setup {setup_s:.0f} s, PostgreSQL)"
    )
    plain = "plain county list page"
    office = "same table, one county office"
    rows = [
        ("township list page, 3 layers (uncached)", derived_page, plain_page, 50, plain),
        (
            "admission check, village, derived county",
            derived_check,
            plain_check,
            20,
            "same check, plain county",
        ),
        ("catalogue comparison page (uncached)", catalogue, plain_page, None, plain),
        (
            "码上减 statistics table, city role",
            stats["city_table"],
            stats["county_table"],
            500,
            office,
        ),
        (
            "码上减 statistics table, one county office",
            stats["county_table"],
            plain_page,
            None,
            plain,
        ),
        (
            "码上减 statistics page, city role, live",
            stats["city_page_live"],
            stats["county_table"],
            None,
            office,
        ),
        (
            "码上减 statistics page, city role, figures",
            stats["city_page"],
            stats["city_page_live"],
            500,
            "same page, live (one pass)",
        ),
        (
            "  same, right after one case is updated",
            stats["city_page_after_write"],
            stats["city_page_live"],
            500,
            "same page, live (one pass)",
        ),
        (
            "  dates cutting two months, days added",
            stats["city_page_cut_added"],
            stats["city_page_live"],
            500,
            "same page, live (one pass)",
        ),
        (
            "  dates cutting two months, smaller part",
            stats["city_page_cut"],
            stats["city_page_cut_added"],
            500,
            "same dates, every cut month's inside days added",
        ),
    ]
    print(
        f"{'measure':44} {'ratio p95':>9} {'p50 ms':>8} {'p95 ms':>8} {'base p95':>9} target / baseline"
    )
    for label, values, base, target, base_label in rows:
        p95, b95 = pct(values, 0.95), pct(base, 0.95)
        print(
            f"{label:44} {p95 / b95:9.2f} {statistics.median(values):8.1f} {p95:8.1f} "
            f"{b95:9.1f} {f'< {target} ms p95; ' if target else ''}vs {base_label}"
        )
    print(
        "baselines: the plain county list page for a township of a plain county; the same "
        "check for a village of a plain county; for the city-wide statistics, the same table "
        "for one county's office."
    )
    print(
        f"码上减: {stats['cases']} cases over {len(counties)} counties loaded by COPY in "
        f"{stats['load_s']:.0f} s ({stats['marks']} marks); statistics page = {stats['tables']} "
        f"tables + 12-month charts. First refresh after the load: {stats['refreshed']} "
        f"county-months in {stats['first_refresh_s']:.1f} s ({stats['figure_rows']} figure rows). "
        "The figures equal live aggregation (checked without and with dates, and after the "
        "writes)."
    )
    print(
        f"dates cutting two months: {stats['cut']}; days counted live: "
        f"{stats['cut_days_added']} added (before), {stats['cut_days_now']} now."
    )
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
