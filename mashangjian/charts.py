"""Server-rendered SVG charts (no chart library, nothing from another host)."""

from __future__ import annotations

from django.utils.html import escape

from .enums import MIN_CELL


def bar_chart_svg(
    series: list[tuple[str, int | None]], *, title: str, width: int = 720, height: int = 260
) -> str:
    """A bar chart of (label, count). Counts under MIN_CELL are drawn as a hatched '<5' bar, a
    count of ``None`` (hidden by complementary suppression) as a hatched '隐藏' bar."""
    left, right, top, bottom = 40, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, v in series if v is not None] + [MIN_CELL])
    step = plot_w / max(len(series), 1)
    bar_w = step * 0.6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="msj-chart" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="msj-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="2"/></pattern></defs>',
        f'<text x="{left}" y="18" font-size="14" fill="#1f2328">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#57606a"/>',
    ]
    for i in range(0, 5):
        value = round(peak * i / 4)
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#eaeef2"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#57606a">{value}</text>'
        )
    for i, (label, value) in enumerate(series):
        x = left + i * step + (step - bar_w) / 2
        hidden = value is None  # hidden so that a small month cannot be recovered
        suppressed = hidden or 0 < value < MIN_CELL
        shown = MIN_CELL if suppressed else value
        h = plot_h * shown / peak if peak else 0
        fill = "url(#msj-hatch)" if suppressed else "#b4141b"
        text = "隐藏" if hidden else f"&lt;{MIN_CELL}" if suppressed else str(value)
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}">'
            f"<title>{escape(label)}：{text}</title></rect>"
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" font-size="11" text-anchor="middle">{text}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" fill="#57606a">{escape(label[2:])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart_svg(
    series: list[tuple[str, float | None]], *, title: str, width: int = 720, height: int = 240
) -> str:
    """A line chart of (label, per cent 0–100). ``None`` (no rate, or hidden because it rests on
    fewer than MIN_CELL cases) is a gap marked “—”: the line never runs through it."""
    left, right, top, bottom = 44, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(series), 1)

    def xy(i: int, value: float) -> tuple[float, float]:
        return left + i * step + step / 2, top + plot_h - plot_h * value / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="msj-chart" style="max-width:100%;height:auto">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="18" font-size="14" fill="#1f2328">{escape(title)}</text>',
    ]
    for pct in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * pct / 100
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{"#57606a" if pct == 0 else "#eaeef2"}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#57606a">{pct}%</text>'
        )
    runs: list[list[tuple[float, float]]] = [[]]
    for i, (_, value) in enumerate(series):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(xy(i, value))
    for run in runs:
        if len(run) > 1:
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="#b4141b" stroke-width="2"/>'
            )
    for i, (label, value) in enumerate(series):
        x = left + i * step + step / 2
        if value is None:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h - 4:.1f}" font-size="11" '
                f'text-anchor="middle" fill="#57606a"><title>{escape(label)}：—</title>—</text>'
            )
        else:
            _, y = xy(i, value)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#b4141b">'
                f"<title>{escape(label)}：{value}%</title></circle>"
            )
            parts.append(
                f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="11" text-anchor="middle">'
                f"{value:g}</text>"
            )
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle" '
            f'fill="#57606a">{escape(label[2:])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
