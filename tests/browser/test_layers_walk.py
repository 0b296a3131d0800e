"""Phone walk (360 px) through the layers of the demo city (issue 14): 青山市 → its catalogue
comparison → 松岭区 → 松岭街道 → its adjusted basic list (provenance marks) → 与上级清单的差异."""

from __future__ import annotations

import pytest

from tests.browser.conftest import fits_phone


@pytest.mark.browser
def test_city_to_township_differences_on_a_phone(demo, phone):
    page = phone
    page.goto(demo + "/")
    page.get_by_role("link", name="青山市", exact=True).click()
    assert page.locator("h1").inner_text() == "青山市"
    fits_phone(page)

    # The city's read-only comparison of its counties with the catalogue.
    page.get_by_role("link", name="各县（区）对照指导目录的增减").click()
    body = page.locator("main, body").first.inner_text()
    assert "松岭区 · 基本履职事项清单" in body and "林源县 · 基本履职事项清单" in body
    assert "农村土地承包管理" in body  # 松岭区 excluded it, with its reason
    fits_phone(page)
    page.go_back()

    # Down to 松岭街道 and its adjusted basic list.
    page.get_by_role("link", name="松岭区").click()
    page.get_by_role("link", name="松岭街道").click()
    assert page.locator("h1").inner_text() == "松岭街道"
    fits_phone(page)
    page.get_by_role("link", name="基本履职事项清单", exact=True).click()
    assert page.locator("h1").inner_text() == "松岭街道基本履职事项清单"
    marks = page.locator(".provenance").all_inner_texts()
    assert {"全市通用", "全县通用", "本级增补"} <= set(marks)
    # Numbered 1..n in the street's list; each item cited by the document it stands in.
    seqs = [int(s.rstrip(".")) for s in page.locator(".item .seq").all_inner_texts()]
    assert sorted(seqs) == list(range(1, len(seqs) + 1))
    cites = page.locator(".citation").all_inner_texts()
    assert any(
        c.startswith("依据《松岭区基本履职事项清单》") and "（全县通用）" in c for c in cites
    )
    assert any(
        c.startswith("依据《青山市基本履职事项清单》") and "（全市通用）" in c for c in cites
    )
    excluded = page.locator("#excluded").inner_text()
    assert "林长制" in excluded and "农村土地承包管理" in excluded
    fits_phone(page)

    # 与上级清单的差异: what the street itself added and excluded.
    page.get_by_role("link", name="与上级清单的差异").click()
    assert "与上级清单的差异" in page.locator("h1").inner_text()
    assert "历史文化街区日常巡查" in page.locator("#added").inner_text()
    assert "辖区无林地" in page.locator("#excluded").inner_text()
    fits_phone(page)
