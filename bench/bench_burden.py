"""Benchmark of the load picture (基层负担画像) and the city-wide comparison.

Run from the repository root:  python bench/bench_burden.py [--postgres postgres://user@host:port]

Builds a synthetic city (4 counties × 10 townships × 10 villages) with a year of register data
(forms, inspections, apps, secondments, plaques), two lists per county and 码上减 cases, then
measures, in the same run:

* baseline: one register listing (the inspections of a township with their flags, the API's
  ``register_entries``) — the cheapest screen the office opens;
* the load picture of a township (today's figures + 12 month-ends + alerts);
* the comparison of a county's townships and of the whole city's townships.

Ratios against the baseline first, absolute p50/p95 for context. Nothing here asserts a time.
``--postgres`` runs on a throwaway PostgreSQL database created for the run and dropped after.
"""

from __future__ import annotations

import argparse
import datetime
import random
import time

from _common import pct, throwaway_database


def build(rng: random.Random, today: datetime.date):
    from django.utils import timezone

    from burden.enums import AppKind, FilledBy, Frequency, PlanKind
    from burden.models import GovApp, Inspection, Plaque, ReportForm, Secondment
    from mashangjian.models import Case, Category
    from registry.enums import AppliesTo, ListKind, RegionLevel, UnitType
    from registry.models import Department, DutyList, Region
    from registry.services.versions import ItemData, version_publish

    city = Region.objects.create(
        code="770100000000", name="合成市", level=RegionLevel.CITY, unit_type=UnitType.CITY
    )
    category = Category.objects.create(code="TBBS", name="填表报数")
    start = today - datetime.timedelta(days=365)
    case_n = 0
    for c in range(4):
        county = Region.objects.create(
            code=f"7701{c + 1:02d}000000", name=f"合成{c + 1}县", level=RegionLevel.COUNTY,
            unit_type=UnitType.COUNTY, parent=city,
        )  # fmt: skip
        depts = [
            Department.objects.create(
                county=county, code=f"D{d:02d}", name=f"合成{c}县部门{d}", short_name=f"部门{d}"
            )
            for d in range(12)
        ]
        for kind, applies in (
            (ListKind.TOWNSHIP_BASIC, AppliesTo.TOWNSHIP),
            (ListKind.VILLAGE_ASSIST, AppliesTo.VILLAGE),
        ):
            duty_list = DutyList.objects.create(region=county, kind=kind)
            version_publish(
                duty_list=duty_list, effective_from=start, document_no=f"合发〔{c}〕{kind}号",
                issuing_body="合成县委办", allow_past=True,
                items=[ItemData(seq=i, name=f"事项{i}", applies_to=applies) for i in range(1, 61)],
            )  # fmt: skip
        townships, villages = [], []
        for t in range(10):
            town = Region.objects.create(
                code=f"7701{c + 1:02d}{t + 1:03d}000", name=f"{c}县{t}镇",
                level=RegionLevel.TOWNSHIP, unit_type=UnitType.TOWN, parent=county,
            )  # fmt: skip
            townships.append(town)
            villages += Region.objects.bulk_create(
                Region(
                    code=f"7701{c + 1:02d}{t + 1:03d}{v + 200:03d}",
                    name=f"{c}县{t}镇{v}村",
                    level=RegionLevel.VILLAGE,
                    unit_type=UnitType.VILLAGE,
                    parent=town,
                )  # fmt: skip
                for v in range(10)
            )
        ReportForm.objects.bulk_create(
            ReportForm(
                county=county,
                number=f"F{f:03d}",
                title=f"报表{f}",
                department=rng.choice(depts),
                frequency=Frequency.MONTHLY,
                filled_by=rng.choice(FilledBy.values),
                indicators=rng.randint(3, 40),
                valid_from=start + datetime.timedelta(days=rng.randint(0, 300)),
            )  # fmt: skip
            for f in range(60)
        )
        inspections = Inspection.objects.bulk_create(
            Inspection(
                county=county,
                item=f"检查{i}",
                department=rng.choice(depts),
                plan_kind=PlanKind.ANNUAL,
                start_date=(d := start + datetime.timedelta(days=rng.randint(0, 364))),
                end_date=d + datetime.timedelta(days=rng.randint(0, 2)),
            )  # fmt: skip
            for i in range(150)
        )
        Inspection.townships.through.objects.bulk_create(
            Inspection.townships.through(inspection_id=i.pk, region_id=t.pk)
            for i in inspections
            for t in rng.sample(townships, rng.randint(1, 3))
        )
        GovApp.objects.bulk_create(
            GovApp(
                county=county,
                name=f"应用{a}",
                kind=rng.choice(AppKind.values),
                department=rng.choice(depts),
                clock_in=rng.random() < 0.2,
            )  # fmt: skip
            for a in range(30)
        )
        Secondment.objects.bulk_create(
            Secondment(
                county=county,
                person=f"人员{s}",
                work_started=datetime.date(2015, 1, 1),
                home_unit=rng.choice(townships + villages),
                borrowing_unit="县委办",
                start=(d := start + datetime.timedelta(days=rng.randint(0, 300))),
                end=d + datetime.timedelta(days=180),
            )  # fmt: skip
            for s in range(60)
        )
        Plaque.objects.bulk_create(
            Plaque(county=county, unit=u, name=f"牌子{p}", department=rng.choice(depts))
            for u in townships + villages
            for p in range(rng.randint(3, 8))
        )
        cases = []
        for _ in range(500):
            case_n += 1
            at = timezone.make_aware(
                datetime.datetime.combine(
                    start + datetime.timedelta(days=rng.randint(0, 364)), datetime.time(10)
                )
            )
            cases.append(
                Case(
                    number=f"B{case_n:08d}",
                    token_hash="x",
                    category=category,
                    county=county,
                    region=rng.choice(villages),
                    content="合成反映内容",
                    content_redacted="合成",
                    submitted_at=at,
                    accept_due=at.date(),
                )  # fmt: skip
            )
        Case.objects.bulk_create(cases)
    return city


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default="", help="postgres://user@127.0.0.1:5432")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the townships")
    args = parser.parse_args()
    with throwaway_database("bench_burden", args.postgres) as engine:
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import timezone

        from burden.picture import comparison, load_picture
        from burden.selectors import register_entries
        from registry.models import Region

        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        today = timezone.localdate()
        city = build(random.Random(15), today)
        setup_s = time.perf_counter() - t0
        townships = list(Region.objects.filter(level="township").order_by("code"))
        county = Region.objects.filter(level="county").order_by("code").first()
        listing, picture = [], []
        for _ in range(args.rounds):
            for town in townships:
                listing += timed(
                    lambda t=town: register_entries("inspections", region=t, on=today), 1
                )
                picture += timed(lambda t=town: load_picture(t, today), 1)
        county_cmp = timed(lambda: comparison(county, today), 10)
        city_cmp = timed(lambda: comparison(city, today), 5)
        base = pct(listing, 0.95)
        print(f"bench_burden ({engine}; {len(townships)} townships, setup {setup_s:.1f} s)")
        print("  ratios of p95 against one register listing (inspections of a township):")
        print(f"    load picture of a township   ×{pct(picture, 0.95) / base:.1f}")
        print(f"    county comparison (10 units) ×{pct(county_cmp, 0.95) / base:.1f}")
        print(f"    city comparison (40 units)   ×{pct(city_cmp, 0.95) / base:.1f}")
        print("  absolute (ms)                     p50      p95")
        for label, values in (
            ("register listing", listing),
            ("load picture", picture),
            ("county comparison", county_cmp),
            ("city comparison", city_cmp),
        ):
            print(f"    {label:<28}{pct(values, 0.5):8.1f} {pct(values, 0.95):8.1f}")


if __name__ == "__main__":
    main()
