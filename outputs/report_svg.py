"""Inline SVG charts for the HTML report, drawn here so that the report needs no script
library and no network. Every label is HTML-escaped (department and line names come from
the documents)."""

from __future__ import annotations

from functools import lru_cache
from html import escape

PALETTE = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5", "#d53f8c", "#319795", "#718096")
WIDTH, HEIGHT = 520, 260
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 26, 56  # plot margins: room for the axis labels and legend


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _nice_max(value: float) -> float:
    """The axis top: 1, 2, 2.5 or 5 × a power of ten at or above ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** (len(str(int(value))) - 1) if value >= 1 else 1.0
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _frame(title: str, body: list[str], kind: str) -> str:
    return (
        f'<svg class="chart" data-chart="{escape(kind)}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}"><title>{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _axis(top: float, unit: str) -> list[str]:
    """The y axis with five gridlines labelled in ``unit`` (万元: two decimals)."""
    out = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top * i / 4
        y = TOP + plot_h - plot_h * i / 4
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>'
        )
        out.append(  # a number's text (money's or ``:g``'s) has nothing to escape
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11">{money(value) if unit == "万元" else f"{value:g}"}</text>'
        )
    out.append(f'<text x="4" y="{TOP - 4}" font-size="10" fill="#4a5568">{escape(unit)}</text>')
    return out


def _legend(names: list[str]) -> list[str]:
    out, x = [], LEFT
    for i, name in enumerate(names):
        out.append(
            f'<rect x="{x}" y="{HEIGHT - 16}" width="10" height="10" '
            f'fill="{PALETTE[i % len(PALETTE)]}"/>'
        )
        out.append(f'<text x="{x + 14}" y="{HEIGHT - 7}" font-size="11">{escape(name)}</text>')
        x += 24 + 12 * len(name)
    return out


def bar_chart(
    title: str,
    years: list[int],
    series: list[tuple[str, list[float | None]]],
    stacked: bool = False,
    unit: str = "万元",
) -> str:
    """Bars per year, one colour per series, side by side or stacked; each bar's
    tooltip gives its series, year and amount."""
    if not years or not series:
        return ""
    if stacked:
        top = max(sum(v or 0 for v in vals) for vals in zip(*(s for _, s in series)))
    else:
        top = max((v or 0) for _, vals in series for v in vals)
    top = _nice_max(top)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(years)
    bar_w = slot * 0.7 / (1 if stacked else len(series))
    body = _axis(top, unit)
    names = [escape(name) for name, _ in series]  # escaped once, not per bar
    unit_text = escape(unit)
    for yi, year in enumerate(years):
        x0 = LEFT + yi * slot + slot * 0.15
        base = 0.0
        for si, (_, vals) in enumerate(series):
            value = vals[yi]
            if value is None:
                continue
            h = plot_h * max(value, 0) / top
            x = x0 if stacked else x0 + si * bar_w
            y = TOP + plot_h - h - (plot_h * base / top if stacked else 0)
            body.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[si % len(PALETTE)]}"><title>{names[si]} {year}: '
                f"{money(value) if unit == '万元' else f'{value:g}'} {unit_text}</title></rect>"
            )
            if stacked:
                base += max(value, 0)
        body.append(
            f'<text x="{LEFT + yi * slot + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle" font-size="12">{year}</text>'
        )
    body += _legend([name for name, _ in series])
    return _frame(title, body, "bars")


def _strip_x(value: float, low: float, span: float, spread: bool) -> float:
    """Where ``value`` sits on a strip from ``low`` over ``span`` (centred if not ``spread``)."""
    plot_w = WIDTH - 2 * LEFT
    return LEFT + plot_w * (value - low) / span if spread else LEFT + plot_w / 2


@lru_cache(maxsize=1 << 16)
def _dot(value: float, low: float, span: float, spread: bool) -> str:
    """A peer's dot on a strip chart. Every department of a peer group draws the group's
    dots on the same axis: each is made once (a cache keyed by equality: 0.0 == -0.0, whose
    texts differ, so zero is not cached)."""
    return (
        f'<circle cx="{_strip_x(value, low, span, spread):.1f}" cy="45" r="5" fill="#a0aec0" '
        'fill-opacity="0.7">'
        f"<title>{escape(money(value))} 万元</title></circle>"
    )


def strip_axis(peers: list[float], own: float) -> tuple[float, float, float, bool]:
    """The strip's low and high ends, its span and whether the values spread over it."""
    low, high = min(min(peers), own), max(max(peers), own)
    return low, high, _span(low, high), high != low


def _span(low: float, high: float) -> float:
    return (high - low) or max(abs(high), 1.0)


def strip_dots(peers: list[float], low: float, span: float, spread: bool) -> list[str]:
    """The peers' dots on the axis ``strip_axis`` gave, in their order."""
    dot = _dot.__wrapped__
    return [(_dot if v else dot)(v, low, span, spread) for v in peers]


def strip_svg(
    title: str, dots: str, low: float, high: float, own: float, median: float | None
) -> str:
    """The department's amount (a red diamond) among its peers' (grey dots, ``strip_dots``
    joined) on the axis from ``low`` to ``high``, with the peers' median (a dashed line)."""
    span = _span(low, high)
    height = 90

    def x(v: float) -> float:
        return _strip_x(v, low, span, high != low)

    # money's text (digits, commas, a point, a sign) has nothing to escape
    body = [
        f'<line x1="{LEFT}" x2="{WIDTH - LEFT}" y1="45" y2="45" stroke="#a0aec0"/>',
        f'<text x="{LEFT}" y="75" font-size="11" text-anchor="middle">{money(low)}</text>',
        f'<text x="{WIDTH - LEFT}" y="75" font-size="11" text-anchor="middle">{money(high)}</text>',
        dots,
    ]
    if median is not None:
        body.append(
            f'<line x1="{x(median):.1f}" x2="{x(median):.1f}" y1="28" y2="62" '
            f'stroke="#4a5568" stroke-dasharray="3 2"><title>中位数 median '
            f"{money(median)} 万元</title></line>"
        )
    ox = x(own)
    body.append(
        f'<polygon points="{ox:.1f},35 {ox + 7:.1f},45 {ox:.1f},55 {ox - 7:.1f},45" '
        f'fill="#e53e3e"><title>本部门 {money(own)} 万元</title></polygon>'
    )
    return (
        f'<svg class="chart" data-chart="strip" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )
