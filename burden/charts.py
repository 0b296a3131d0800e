"""Server-drawn SVG line charts of the load picture (no chart library, nothing from elsewhere)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe


def trend_chart_svg(
    series: list[tuple[str, int]], *, title: str, width: int = 420, height: int = 180
) -> str:
    left, right, top, bottom = 34, 10, 28, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, v in series] + [1])
    step = plot_w / max(len(series) - 1, 1)
    points = [
        (left + i * step, top + plot_h - plot_h * v / peak, label, v)
        for i, (label, v) in enumerate(series)
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="burden-chart" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" font-size="13" fill="#1f2328">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#57606a"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="10" text-anchor="end" fill="#57606a">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h + 4}" font-size="10" text-anchor="end" fill="#57606a">0</text>',
    ]
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#b4141b" stroke-width="2"/>')
    for i, (x, y, label, v) in enumerate(points):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#b4141b"><title>{escape(label)}：{v}</title></circle>'
        )
        if i % 3 == 0 or i == len(points) - 1:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" font-size="10" text-anchor="middle" fill="#57606a">{escape(label[2:])}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text above is escaped  # noqa: S308 - every text in the SVG is escaped above
