"""{% burden_estimate item %}: the burden estimate of an admission request, beside its check."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from burden.estimates import hours_text

register = template.Library()


@register.simple_tag
def burden_estimate(item):
    estimate = getattr(item, "burden_estimate", None)
    link = reverse("burden_admin:estimate", args=[item.pk])
    if estimate is None:
        return format_html('未测算（<a href="{}">填写负担测算</a>）', link)
    return format_html(
        "每年约 <strong>{}</strong> 小时（每次 {} 小时 × 每年 {} 次 × {} 个单位）"
        '（<a href="{}">修改</a>）',
        hours_text(estimate.yearly_hours),
        hours_text(estimate.hours_per_occurrence),
        estimate.occurrences_per_year,
        estimate.units,
        link,
    )
