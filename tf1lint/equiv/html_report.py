"""The HTML report: one page, a table of fetches and, per fetch, an inline SVG plot over the steps
(TF1 and TF2 values, and their difference). No script, no external file: it opens anywhere."""

from __future__ import annotations

import math
from html import escape

from tf1lint.equiv.compare import DIFFERENT, NONDETERMINISTIC, Comparison, FetchResult
from tf1lint.equiv.reports import headline, series_of, series_verdict, shown_number

WIDTH, PANEL, MARGIN = 640, 150, 48
RECORDED_COLOUR, REPLAYED_COLOUR, DIFFERENCE_COLOUR = "#1f6fb2", "#e8710a", "#b3261e"

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1b1b1b; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.verdict { font-weight: bold; padding: .5rem .75rem; border-radius: 4px; }
.ok { background: #e6f4ea; } .bad { background: #fce8e6; } .random { color: #6b6b6b; }
table { border-collapse: collapse; } td, th { padding: .25rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.legend span { margin-right: 1rem; } code { font-size: .9em; }
"""


def _finite(values: list[float | None]) -> list[float]:
    return [value for value in values if value is not None and math.isfinite(value)]


def _scale(values: list[float], top: float) -> tuple[float, float, callable]:
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1.0 if low == 0 else low - abs(low) * 0.1, high + 1.0 if high == 0 else high + abs(high) * 0.1
    span = high - low

    def y(value: float) -> float:
        return top + PANEL - 10 - (value - low) / span * (PANEL - 20)

    return low, high, y


def _x(position: int, count: int) -> float:
    inner = WIDTH - MARGIN - 12
    return MARGIN + (inner * position / (count - 1) if count > 1 else inner / 2)


def _polyline(points: list[tuple[float, float]], colour: str, dashed: bool = False) -> str:
    if not points:
        return ""
    if len(points) == 1:
        x, y = points[0]
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.5"{dash}/>'


def _panel(top: int, label: str, series: list[tuple[list[float | None], str, bool]], count: int) -> list[str]:
    values = _finite([value for line, _, _ in series for value in line])
    low, high, y = _scale(values, top)
    parts = [f'<rect x="{MARGIN}" y="{top}" width="{WIDTH - MARGIN - 12}" height="{PANEL}" fill="#fafafa" '
             f'stroke="#ccc"/>',
             f'<text x="4" y="{top + 12}" font-size="10">{escape(shown_number(high, 4))}</text>',
             f'<text x="4" y="{top + PANEL - 4}" font-size="10">{escape(shown_number(low, 4))}</text>',
             f'<text x="{MARGIN + 4}" y="{top + 12}" font-size="11" fill="#444">{escape(label)}</text>']
    for line, colour, dashed in series:
        points = [(_x(i, count), y(value)) for i, value in enumerate(line)
                  if value is not None and math.isfinite(value)]
        parts.append(_polyline(points, colour, dashed))
    return parts


def plot(fetches: list[FetchResult]) -> str:
    """Values of one fetch over its calls (mean over the tensor), TF1 and TF2, and the max abs difference."""
    count = len(fetches)
    recorded = [fetch.recorded_value for fetch in fetches]
    replayed = [fetch.replayed_value for fetch in fetches]
    difference = [fetch.max_abs for fetch in fetches]
    height = 2 * PANEL + 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
             f'viewBox="0 0 {WIDTH} {height}" role="img">',
             f"<title>{escape(fetches[0].series)}</title>"]
    parts += _panel(4, "value (mean): TF 1.14 solid, TF 2 dashed",
                    [(recorded, RECORDED_COLOUR, False), (replayed, REPLAYED_COLOUR, True)], count)
    parts += _panel(PANEL + 14, "max abs difference", [(difference, DIFFERENCE_COLOUR, False)], count)
    for position, fetch in enumerate(fetches):
        if fetch.verdict == DIFFERENT:
            parts.append(f'<line x1="{_x(position, count):.1f}" x2="{_x(position, count):.1f}" y1="4" '
                         f'y2="{2 * PANEL + 14}" stroke="{DIFFERENCE_COLOUR}" stroke-width="1" opacity="0.6"/>')
            break  # the first step out of tolerance
    parts.append(f'<text x="{MARGIN}" y="{height - 6}" font-size="10">call 0</text>')
    parts.append(f'<text x="{WIDTH - 70}" y="{height - 6}" font-size="10">call {fetches[-1].call}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(comparison: Comparison) -> str:
    grouped = series_of(comparison)
    good = comparison.equivalent
    rows = []
    for key, fetches in grouped.items():
        verdict = series_verdict(fetches)
        compared = [fetch for fetch in fetches if fetch.verdict != NONDETERMINISTIC] or fetches
        css = "bad" if verdict == DIFFERENT else ("random" if verdict == NONDETERMINISTIC else "")
        rows.append(
            f'<tr class="{css}"><td><code>{escape(key)}</code></td><td class="n">{len(fetches)}</td>'
            f'<td class="n">{escape(shown_number(max(f.max_abs for f in compared)))}</td>'
            f'<td class="n">{escape(shown_number(max(f.max_rel for f in compared)))}</td>'
            f'<td class="n">{max(f.max_ulp or 0 for f in compared)}</td><td>{escape(verdict)}</td></tr>')
    sections = []
    for key, fetches in grouped.items():
        first = next((fetch for fetch in fetches if fetch.verdict == DIFFERENT), None)
        note = (f"<p>First out of tolerance: run {first.run}, call {first.call} ({escape(first.why)}).</p>"
                if first else "")
        if fetches[0].verdict == NONDETERMINISTIC:
            note += f'<p class="random">Nondeterministic: {escape(fetches[0].why)}.</p>'
        sections.append(f"<section><h2><code>{escape(key)}</code></h2>{note}{plot(fetches)}</section>")
    problems = "".join(f"<li>{escape(problem)}</li>" for problem in comparison.problems)
    notes = "".join(f"<li>{escape(note)}</li>" for document in (comparison.recorded, comparison.replayed)
                    for note in document.get("notes", []))
    ignored = ", ".join(f"{count} {kind}" for kind, count in sorted(comparison.ignored.items())) or "none"
    tolerance = comparison.tolerance
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<title>tf1lint equiv: {escape(str(comparison.replayed.get('program')))}</title>
<style>{STYLE}</style>
</head>
<body>
<h1>TF 1.14 → TF 2 equivalence</h1>
<p class="verdict {'ok' if good else 'bad'}">{escape(headline(comparison))}</p>
<table>
<tr><th>recorded</th><td><code>{escape(str(comparison.recorded.get('program')))}</code>, TensorFlow
{escape(str(comparison.recorded.get('tensorflow')))}, {len(comparison.recorded.get('runs', []))} Session.run calls</td></tr>
<tr><th>replayed</th><td><code>{escape(str(comparison.replayed.get('program')))}</code>, TensorFlow
{escape(str(comparison.replayed.get('tensorflow')))}, {len(comparison.replayed.get('runs', []))} Session.run calls</td></tr>
<tr><th>tolerance</th><td>rtol {tolerance.rtol:g}, atol {tolerance.atol:g}</td></tr>
<tr><th>not compared</th><td>{escape(ignored)}</td></tr>
</table>
{f'<h2>Problems</h2><ul>{problems}</ul>' if problems else ''}
{f'<h2>Notes</h2><ul>{notes}</ul>' if notes else ''}
<h2>Fetches</h2>
<table>
<tr><th>fetch (call site, path, tensor)</th><th>runs</th><th>max abs</th><th>max rel</th><th>max ulp</th><th>verdict</th></tr>
{''.join(rows)}
</table>
<p class="legend"><span style="color:{RECORDED_COLOUR}">━ TF 1.14</span>
<span style="color:{REPLAYED_COLOUR}">╍ TF 2</span><span style="color:{DIFFERENCE_COLOUR}">━ difference</span></p>
{''.join(sections)}
</body>
</html>
"""
