"""The inventory as one self-contained HTML page (inline CSS and SVG, no scripts, no network):
the numbers at a glance, charts by kind and by module, the API table and the files by work."""

from __future__ import annotations

from html import escape

from tf1lint.catalogue.model import Kind, Severity
from tf1lint.reporters.inventory import Inventory

_COLOURS = {Severity.ERROR: "#c0392b", Severity.WARNING: "#d68910", Severity.INFO: "#2e86c1"}
_KIND_COLOUR = {kind.value: kind.facts.colour for kind in Kind}
_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1200px;color:#1c2833;
background:#fdfefe;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5d8dc}
.sub{color:#566573;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d5d8dc;border-radius:8px;padding:.8rem 1.1rem;min-width:9rem;background:#fff}
.card b{display:block;font-size:1.8rem}.card span{color:#566573;font-size:.9rem}
.charts{display:flex;gap:2rem;flex-wrap:wrap}
table{border-collapse:collapse;width:100%;font-size:.88rem;background:#fff}
th,td{border-bottom:1px solid #eaeded;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f6;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
.sev{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;font-size:.8rem}
.error{background:#c0392b}.warning{background:#d68910}.info{background:#2e86c1}
.hand{color:#922b21}.mech{color:#1e8449}details{margin-top:1rem}summary{cursor:pointer;font-weight:600}
"""


def _bar_chart(title: str, counts: dict[str, int], colours: dict[str, str], limit: int = 12) -> str:
    items = list(counts.items())[:limit]
    if not items:
        return ""
    width, bar_height, label_width = 460, 22, 190
    peak = max(count for _, count in items) or 1  # all zero: bars of the minimum length
    height = 30 + len(items) * (bar_height + 6)
    rows = []
    for number, (label, count) in enumerate(items):
        y = 26 + number * (bar_height + 6)
        length = max(2, int((width - label_width - 60) * count / peak))
        colour = colours.get(label, "#5d6d7e")
        rows.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="{colour}" rx="3"/>'
            f'<text x="{label_width + length + 6}" y="{y + 15}" font-size="12">{count}</text>'
        )
    return (f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg"><text x="0" y="14" font-size="13" font-weight="600">'
            f'{escape(title)}</text>{"".join(rows)}</svg>')


_PROGRESS_COLOUR = {"fixed": "#2e7d32", "new": "#c62828", "remaining": "#ef6c00"}


def _progress_chart(inventory: Inventory) -> str:
    """Fixed, new and remaining since the baseline, when the inventory was compared with one."""
    progress = inventory.progress
    if progress is None:
        return ""
    counts = {"fixed": progress.fixed, "new": progress.new, "remaining": progress.remaining}
    return _bar_chart(f"Since the baseline {progress.baseline}", counts, _PROGRESS_COLOUR)


def render(inventory: Inventory) -> str:
    severity_cards = "".join(
        f'<div class="card"><b style="color:{_COLOURS[severity]}">{count}</b><span>{severity.value}</span></div>'
        for severity, count in inventory.by_severity.items()
    )
    cards = (f'<div class="cards"><div class="card"><b>{len(inventory.findings)}</b><span>findings</span></div>'
             f'<div class="card"><b>{len(inventory.files)}/{inventory.files_checked}</b>'
             f'<span>files affected</span></div>'
             f'<div class="card"><b class="mech">{inventory.mechanical}</b><span>mechanical</span></div>'
             f'<div class="card"><b>{inventory.unsafe_fixable}</b><span>unsafe-fixable</span></div>'
             f'<div class="card"><b class="hand">{inventory.by_hand}</b><span>by hand</span></div>'
             f'{severity_cards}'
             + (f'<div class="card"><b>{len(inventory.accepted)}</b><span>accepted (suppressed)</span></div>'
                if inventory.accepted else "")
             + '</div>')
    charts = ('<div class="charts">'
              + _bar_chart("Findings by kind", {k.value: v for k, v in inventory.by_kind.items()}, _KIND_COLOUR)
              + _bar_chart("Findings by module", inventory.by_module, {})
              + _progress_chart(inventory)
              + "</div>")
    api_rows = "".join(
        f"<tr><td><code>{escape(use.name)}</code><br><small><code>{escape(use.entry.id)}</code></small></td>"
        f'<td><span class="sev {use.entry.severity.value}">{use.entry.severity.value}</span></td>'
        f'<td class="n">{use.count}</td><td class="n">{use.uses}</td><td class="n">{len(use.files)}</td>'
        f'<td class="{"mech" if use.mechanical else "hand"}">{escape(use.how)}</td>'
        f"<td>{escape(use.replacement or '')}"
        + (f" <small>(pip install {escape(use.entry.package)})</small>" if use.entry.package else "")
        + f"<br><small>{escape(use.entry.note)}</small></td></tr>"
        for use in inventory.apis
    )
    file_rows = "".join(
        f'<tr><td><code>{escape(work.path)}</code></td><td class="n">{work.total}</td><td class="n">{work.by_hand}</td>'
        + "".join(f'<td class="n">{work.by_severity[s]}</td>' for s in Severity) + "</tr>"
        for work in inventory.files
    )
    finding_rows = "".join(
        f"<tr><td><code>{escape(f.where)}</code></td>"
        f'<td><span class="sev {f.severity.value}">{f.severity.value}</span></td><td>{escape(f.message)}</td></tr>'
        for f in inventory.findings
    )
    not_checked = ""
    if inventory.not_checked:
        not_checked = ("<h2>Not checked</h2><ul>"
                       + "".join(f"<li><code>{escape(str(failure))}</code></li>" for failure in inventory.not_checked)
                       + "</ul>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TF1 to TF2 migration inventory</title><style>{_STYLE}</style></head>
<body>
<h1>TF1 → TF2 migration inventory</h1>
<p class="sub">Judged against TensorFlow {escape(inventory.target)} by tf1lint. Mechanical changes are renames that
<code>tf_upgrade_v2</code> or search-and-replace can make; the rest are rewrites by hand.</p>
{cards}
{charts}
<h2>APIs used</h2>
<table><thead><tr><th>API</th><th>severity</th><th>sites</th><th>uses</th><th>files</th><th>change</th><th>TF2 way</th></tr></thead>
<tbody>{api_rows}</tbody></table>
<h2>Files by work</h2>
<table><thead><tr><th>file</th><th>findings</th><th>by hand</th><th>errors</th><th>warnings</th><th>info</th></tr></thead>
<tbody>{file_rows}</tbody></table>
{not_checked}
<details><summary>Every finding ({len(inventory.findings)})</summary>
<table><thead><tr><th>where</th><th>severity</th><th>message</th></tr></thead><tbody>{finding_rows}</tbody></table>
</details>
</body></html>
"""
