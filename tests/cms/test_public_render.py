"""The compiled renderers of cms/public_render.py produce exactly what the template loops they
replace produced, escape everything, and the pages that use them still escape item text."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone

from cms.public.compare import COMPARE_SECTIONS
from cms.public.helpers import public_items
from cms.public_render import comparison_sections_html, display_value, item_groups_html
from registry.columns import FIELD_LABELS
from registry.compare import compare_items
from registry.enums import AppliesTo, ListKind
from registry.models import Department, ListItem
from registry.selectors import item_as_dict
from registry.services.regions import duty_list_get_or_create
from registry.services.versions import ItemData
from tests.cms.public_site import list_page, region_page
from tests.factories import make_department, publish

# The loops of templates/cms/duty_list_page.html and templates/cms/public/compare.html as they
# were before the fast path (kept verbatim as the reference).
ITEMS_REFERENCE = """{% for domain_name, group in groups %}
<section class="domain">
    <h2>{{ domain_name }} <small>{{ group|length }} 项</small></h2>
    {% for pi in group %}
    <article class="item" id="{{ pi.item.code }}">
        <h3><span class="seq">{{ pi.item.seq }}.</span> {{ pi.item.name }}</h3>
        {% if pi.fields %}<dl>{% for label, value in pi.fields %}<div><dt>{{ label }}</dt><dd>{{ value|linebreaksbr }}</dd></div>{% endfor %}</dl>{% endif %}
        <p class="cite"><a class="permalink" href="#{{ pi.item.code }}" title="本事项的固定链接">{{ pi.item.code }}</a>
        <span class="citation" data-copy>{{ page.title }}（{{ version.document_no }}）第{{ pi.item.seq }}项“{{ pi.item.name }}”〔{{ pi.item.code }}〕 {{ permalink }}#{{ pi.item.code }}</span></p>
    </article>
    {% endfor %}
</section>
{% empty %}EMPTY{% endfor %}"""  # noqa: E501

COMPARE_REFERENCE = """{% for key, label, changes in sections %}{% if changes %}
<section id="{{ key }}" class="changes changes-{{ key }}">
    <h2>{{ label }}（{{ changes|length }}）</h2>
    {% for r in changes %}{% with c=r.c %}
    <article class="item change" id="{{ key }}-{{ c.code }}">
        <h3>{% if c.new_seq %}<span class="seq">{{ c.new_seq }}.</span>{% elif c.old_seq %}<span class="seq">原{{ c.old_seq }}.</span>{% endif %} {{ c.name }} <span class="code">{{ c.code }}</span></h3>
        {% if key == "moved" %}<p>序号由 {{ c.old_seq }} 调整为 {{ c.new_seq }}。</p>{% endif %}
        {% if key == "moved_in" %}<p>由“{{ r.other }}”移入。</p>{% endif %}
        {% if key == "moved_out" %}<p>移至“{{ r.other }}”。</p>{% endif %}
        {% if key == "added" or key == "moved_in" %}{% if c.new.content %}<p>{{ c.new.content }}</p>{% endif %}{% endif %}
        {% if key == "removed" or key == "moved_out" %}{% if c.old.content %}<p class="old">{{ c.old.content }}</p>{% endif %}{% endif %}
        {% if key == "modified" %}<dl>{% for label, segments in r.fields %}<div><dt>{{ label }}</dt><dd class="diff">{% for s in segments %}{% if s.op == "insert" %}<ins>{{ s.text }}</ins>{% elif s.op == "delete" %}<del>{{ s.text }}</del>{% else %}{{ s.text }}{% endif %}{% endfor %}</dd></div>{% endfor %}</dl>{% endif %}
    </article>
    {% endwith %}{% endfor %}
</section>
{% endif %}{% endfor %}"""  # noqa: E501

NASTY = "<script>alert(\"x\")</script> & '引号' <b>粗</b>"


def _items() -> list[ListItem]:
    """Unsaved items covering every display branch: HTML, CR/LF line breaks, blank fields,
    a department, each applies_to value, no domain (grouped under 其他)."""
    dept = Department(pk=7, short_name="县<民政>局", code="D1", name="测试县民政局")
    rows = []
    for i, applies_to in enumerate([*AppliesTo.values, ""], start=1):
        rows.append(
            ListItem(
                pk=i,
                code=f"X-{i:03d}&",
                seq=i,
                domain=["民生", "", NASTY, "民生"][i % 4],
                name=f"事项{i} {NASTY}",
                content=f"第一行\r\n第二行\r第三行\n{NASTY}" if i % 2 else "",
                basis="《法》第一条" if i % 3 else "",
                department=dept if i % 2 else None,
                department_name=dept.name if i % 2 else "",
                department_short_name=dept.short_name if i % 2 else "",
                department_duty=NASTY,
                local_duty="巡查、劝阻\n报告",
                alternative="网上办理" if i % 2 else "",
                issuer="村委会",
                note=NASTY if i == 1 else "",
                applies_to=applies_to,
            )
        )
    return rows


@pytest.mark.parametrize("kind", ListKind.values)
def test_item_groups_html_is_the_template_output_byte_for_byte(kind):
    items = _items()
    groups: dict[str, list] = {}
    for pi in public_items(kind, items):
        groups.setdefault(pi.item.domain or "其他", []).append(pi)
    context = {
        "groups": list(groups.items()),
        "page": {"title": "测试<清单>&"},
        "version": {"document_no": "测发〔2026〕1号&<"},
        "permalink": "http://testserver/a/?region=1&x=<2>",
    }
    expected = Template(ITEMS_REFERENCE).render(Context(context))
    actual = item_groups_html(
        kind=kind,
        items=[item_as_dict(i) for i in items],
        page_title="测试<清单>&",
        document_no="测发〔2026〕1号&<",
        permalink="http://testserver/a/?region=1&x=<2>",
    )
    assert actual == expected
    assert "<script>" not in actual and "&lt;script&gt;" in actual


def test_item_groups_html_of_no_items_is_empty():
    assert (
        item_groups_html(
            kind=ListKind.TOWNSHIP_BASIC, items=[], page_title="t", document_no="d", permalink="p"
        )
        == ""
    )


def test_display_value_matches_the_model_display():
    for item in _items():
        data = item_as_dict(item)
        assert display_value(data, "applies_to") == item.get_applies_to_display()
        assert display_value(data, "department") == (
            item.department.short_name if item.department_id else ""
        )
        assert display_value(data, "seq") == str(item.seq)


def _dicts(*specs):
    return [
        {
            "code": code,
            "seq": seq,
            "name": name,
            "domain": "民生",
            "content": content,
            "basis": "",
            "department": "",
        }
        for code, seq, name, content in specs
    ]


def test_comparison_sections_html_is_the_template_output_byte_for_byte():
    old = _dicts(
        ("A&1", 1, f"保留 {NASTY}", "未变"),
        ("B", 2, "改名前", f"旧内容 {NASTY}"),
        ("C", 3, "删除<项>", f"被删除 {NASTY}"),
        ("D", 4, "移出", "移到收回清单"),
        ("E", 5, "调序", "同"),
        ("F", 6, "空内容删除", ""),
    )
    new = _dicts(
        ("A&1", 1, f"保留 {NASTY}", "未变"),
        ("B", 2, "改名后<i>", f"新内容 {NASTY}\n第二行"),
        ("E", 3, "调序", "同"),
        ("G", 4, f"新增 {NASTY}", f"新内容 {NASTY}"),
        ("H", 5, "移入", "由协助清单移入"),
        ("I", 0, "序号为零", ""),
    )
    comparison = compare_items(
        old, new, moved_to={"D": ListKind.TOWNSHIP_WITHDRAWN}, moved_from={"H": "unknown<kind>"}
    )
    assert all(getattr(comparison, key) for key, _ in COMPARE_SECTIONS)
    kind_labels = dict(ListKind.choices)
    sections = [
        (
            key,
            label,
            [
                {
                    "c": c,
                    "other": kind_labels.get(c.other_list, c.other_list),
                    "fields": [(FIELD_LABELS.get(f.field, f.field), f.segments) for f in c.changes],
                }
                for c in getattr(comparison, key)
            ],
        )
        for key, label in COMPARE_SECTIONS
    ]
    expected = Template(COMPARE_REFERENCE).render(Context({"sections": sections}))
    actual = comparison_sections_html(
        comparison=comparison,
        sections=COMPARE_SECTIONS,
        kind_labels=kind_labels,
        field_labels=FIELD_LABELS,
    )
    assert actual == expected
    assert "<script>" not in actual and "<ins>" in actual and "<del>" in actual


# --- the pages -------------------------------------------------------------------------------
@pytest.fixture
def nasty_site(tree):
    from wagtail.models import Page, Site

    from cms.models import HomePage

    cache.clear()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="render-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    dept = make_department(tree["county"], "县<b>民政</b>局")
    today = timezone.localdate()
    for days, suffix in ((100, ""), (10, "（修订）")):
        publish(
            tree["county"],
            ListKind.VILLAGE_ASSIST,
            today - datetime.timedelta(days=days),
            [
                ItemData(
                    seq=1,
                    code="XZ-001",
                    domain="<i>领域</i>",
                    name=f"协助{NASTY}{suffix}",
                    content=f"内容\n{NASTY}{suffix}",
                    department=dept,
                )
            ],
        )
    county = region_page(region_page(home, tree["city"]), tree["county"])
    page = list_page(
        county,
        duty_list_get_or_create(region=tree["county"], kind=ListKind.VILLAGE_ASSIST),
        "协助<清单>",
    )
    yield page
    cache.clear()


def test_list_and_compare_pages_escape_item_text(client, nasty_site):
    on = (timezone.localdate() - datetime.timedelta(days=50)).isoformat()
    for url in (nasty_site.url, f"{nasty_site.url}{on}/", f"{nasty_site.url}compare/1/2/"):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "<script>" not in body and "<b>民政" not in body and "<i>领域" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body
    as_of = client.get(f"{nasty_site.url}{on}/").content.decode()
    assert 'id="XZ-001"' in as_of and "内容<br>&lt;script&gt;" in as_of
    assert "县&lt;b&gt;民政&lt;/b&gt;局" in as_of
    compare = client.get(f"{nasty_site.url}compare/1/2/").content.decode()
    assert "<ins>（修订）</ins>" in compare


def test_comparison_rows_of_a_derived_draft_name_their_adjustment():
    """不适用 / 本级表述 rows say so in their heading and in the 调整方式 diff (stored values are
    excluded / reworded); an addition has no badge."""
    old = [{"seq": 1, "code": "JB-001", "name": "甲", "adjustment": "reworded", "local_duty": "旧"}]
    new = [
        {"seq": 1, "code": "JB-001", "name": "甲", "adjustment": "excluded", "local_duty": "旧"},
        {"seq": 2, "code": "JB-002", "name": "乙", "adjustment": "reworded", "local_duty": "新"},
        {"seq": 3, "code": "JB-900", "name": "丙", "adjustment": ""},
    ]
    html = str(
        comparison_sections_html(
            comparison=compare_items(old, new),
            sections=COMPARE_SECTIONS,
            kind_labels={},
            field_labels=FIELD_LABELS,
        )
    )
    assert '乙 <span class="adjustment">本级表述</span> <span class="code">JB-002</span>' in html
    assert '甲 <span class="adjustment">不适用</span> <span class="code">JB-001</span>' in html
    assert '丙 <span class="code">JB-900</span>' in html
    assert '<dt>调整方式</dt><dd class="diff"><del>本级表述</del><ins>不适用</ins></dd>' in html
