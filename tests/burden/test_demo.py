"""The demo registers of 林源县 load through the import checks, twice without change."""

import datetime

from burden.demo import load_demo_registers
from burden.models import GovApp, Inspection, Plaque, ReportForm, Secondment
from burden.picture import load_picture
from registry.demo_county import load_demo_county
from registry.models import Region


def test_demo_registers_load_and_are_idempotent(db):
    from pathlib import Path

    from django.conf import settings

    load_demo_county(directory=Path(settings.BASE_DIR) / "fixtures" / "linyuan")
    county = Region.objects.get(code="990123000000")
    first = load_demo_registers(county=county)
    assert "新增 7" in first
    counts = [m.objects.count() for m in (ReportForm, Inspection, GovApp, Secondment, Plaque)]
    assert counts == [7, 11, 7, 4, 12]
    history = ReportForm.history.count()
    second = load_demo_registers(county=county)
    assert "新增 0、更新 0" in second
    assert ReportForm.history.count() == history
    dongang = Region.objects.get(name="东岗村")
    pic = load_picture(dongang, datetime.date(2026, 12, 2))
    assert pic.figures["plaques"] == 6
    # 东岗村 took a plaque down in February 2026 and hung a new one in April: 边减边增
    assert "边减边增：机制牌子在2026年02月降至5，2026年04月又升至6。" in [
        a["message"] for a in pic.alerts
    ]
