"""The report people look at: one self-contained HTML file (no network, no external files): the verdict, the
checklist with ids and statuses, the access matrix as a coloured grid (what each cell expects, how its test
ended, what was seen when it failed), and the typical queries' medians drawn against their budgets."""

from __future__ import annotations

import math
from html import escape

from acceptance.report.markdown import counts_text, fact_rows, value_text

STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ccc; }
.verdict { display: inline-block; padding: 0.3em 0.8em; border-radius: 4px; color: #fff; font-weight: bold; }
.verdict.passed { background: #2e7d32; } .verdict.failed, .verdict.error { background: #c62828; }
.verdict.incomplete { background: #ef6c00; }
table { border-collapse: collapse; margin: 0.5em 0; } td, th { border: 1px solid #ddd; padding: 3px 6px; }
th { background: #f4f4f4; text-align: left; } code { font-size: 12px; }
.status { font-weight: bold; white-space: nowrap; } .s-passed { color: #2e7d32; } .s-failed { color: #c62828; }
.s-skipped, .s-not-measured, .s-not-run { color: #ef6c00; } .s-manual { color: #777; }
td.cell { text-align: center; min-width: 7em; } .k-allowed { background: #c8e6c9; } .k-filtered { background: #fff9c4; }
.k-denied { background: #eceff1; } td.failed { outline: 3px solid #c62828; } td.not-run, td.skipped { opacity: 0.5; }
.legend span { display: inline-block; padding: 0 0.6em; margin-right: 0.4em; border: 1px solid #ddd; }
"""

# Counts the rendered parts, so that a viewer (and the headless-browser test) sees the script ran without error.
SCRIPT = """
document.addEventListener("DOMContentLoaded", () => {
  const failed = document.querySelectorAll("td.cell.failed").length;
  const note = document.getElementById("rendered");
  note.textContent = `rendered: ${document.querySelectorAll("li.item").length} items, `
    + `${document.querySelectorAll("td.cell").length} matrix cells (${failed} failed)`;
  note.dataset.ok = "yes";
});
"""


def _status_class(status: str) -> str:
    return "s-" + status.replace(" ", "-")


def checklist_html(report: dict) -> list[str]:
    out, current = ["<h2>Checklist</h2>"], None
    for item in report["items"]:
        if item["section"] != current:
            if current is not None:
                out.append("</ul>")
            current = item["section"]
            counts = next(s["counts"] for s in report["sections"] if s["name"] == current)
            out += [f"<h3>{escape(current)}</h3>", f"<p><em>{escape(counts_text(counts))}</em></p>", "<ul>"]
        why = item.get("reason") or "; ".join(item.get("skip_reasons") or [])
        status = f'<span class="status {_status_class(item["status"])}">{escape(item["status"])}</span>'
        line = f'<li class="item">{status} <code>{escape(item["id"])}</code> {escape(item["text"])}'
        if item["status"] == "failed":
            line += (
                "<ul>"
                + "".join(
                    f"<li><code>{escape(n)}</code>: {escape(item['failures'][n])}</li>" for n in item["failed"][:10]
                )
                + "</ul>"
            )
        elif why and item["status"] != "passed":
            line += f" — {escape(why)}"
        out.append(line + "</li>")
    return [*out, "</ul>"] if current is not None else out


def matrix_html(matrix: dict | None) -> list[str]:
    if not matrix or not matrix["rows"]:
        return []
    out = [
        "<h2>RLS access matrix</h2>",
        '<p class="legend"><span class="k-allowed">allowed</span><span class="k-filtered">filtered (0 rows, null)'
        '</span><span class="k-denied">denied (error)</span> each cell: what contract/access_matrix.toml expects; '
        "a red frame: its test failed (what was seen is in the cell's title), faded: skipped or not run.</p>",
        "<table><tr><th>object</th><th>command</th>" + "".join(f"<th>{escape(a)}</th>" for a in matrix["actors"]),
    ]
    for row in matrix["rows"]:
        by_actor = {c["actor"]: c for c in row["cells"]}
        tds = []
        for actor in matrix["actors"]:
            cell = by_actor.get(actor)
            if cell is None:
                tds.append("<td></td>")
                continue
            title = f"{cell['status']}: {cell['seen']}" if cell["seen"] else cell["status"]
            css = f"cell k-{cell['kind']} {cell['status'].replace(' ', '-')}"
            tds.append(f'<td class="{css}" title="{escape(title)}">{escape(cell["expected"])}</td>')
        out.append(f"<tr><td>{escape(row['object'])}</td><td>{escape(row['command'])}</td>{''.join(tds)}</tr>")
    return [*out, "</table>"]


def chart_svg(entries: list[dict]) -> str:
    """Horizontal bars of each timed query's median (and a tick at p95), on a log scale, with its budgets."""
    timed = [e for e in entries if "median_ms" in (e.get("detail") or {})]
    if not timed:
        return "<p>No query was timed in this run.</p>"
    ceiling = max(e["detail"].get("ceiling_ms", 50.0) for e in timed)
    target = min(e["detail"].get("target_ms", ceiling) for e in timed)
    low, high, left, width, bar = 0.01, ceiling * 2, 330, 480, 18

    def x(ms: float) -> float:
        return left + width * (math.log10(max(ms, low)) - math.log10(low)) / (math.log10(high) - math.log10(low))

    height = 30 + bar * len(timed) + 20
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 90}" height="{height}" role="img">']
    for ms, label, colour in ((target, "target", "#ef6c00"), (ceiling, "budget", "#c62828")):
        parts.append(f'<line x1="{x(ms):.1f}" y1="15" x2="{x(ms):.1f}" y2="{height - 15}" stroke="{colour}"/>')
        parts.append(f'<text x="{x(ms) + 3:.1f}" y="12" font-size="11" fill="{colour}">{label} {ms:g} ms</text>')
    for i, entry in enumerate(timed):
        y, detail = 25 + i * bar, entry["detail"]
        colour = "#2e7d32" if detail["median_ms"] < ceiling else "#c62828"
        parts.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(entry["name"])}</text>'
        )
        parts.append(f'<rect x="{left}" y="{y + 2}" width="{x(detail["median_ms"]) - left:.1f}" height="{bar - 6}" '
                     f'fill="{colour}"><title>median {detail["median_ms"]} ms</title></rect>')  # fmt: skip
        parts.append(f'<text x="{left + width + 4}" y="{y + 12}" font-size="10">{detail["median_ms"]:.2f} ms</text>')
        server = detail.get("server_median_ms")
        if server is not None:  # the server clock: what the database spent of the request's time
            parts.append(f'<rect x="{left}" y="{y + bar - 6}" width="{max(x(server) - left, 1):.1f}" height="3" '
                         f'fill="#1565c0"><title>server {server} ms</title></rect>')  # fmt: skip
        p95 = detail.get("p95_ms")
        if p95 is not None:
            parts.append(f'<line x1="{x(p95):.1f}" y1="{y + 1}" x2="{x(p95):.1f}" y2="{y + bar - 3}" stroke="#333"/>')
    parts.append(
        f'<text x="{left}" y="{height - 3}" font-size="10">log scale, ms; bar: request median, tick: p95, '
        "blue line: server time</text></svg>"
    )
    return "".join(parts)


def performance_html(report: dict) -> list[str]:
    out = ["<h2>Performance Observations</h2>", "<h3>Query performance</h3>"]
    out.append(chart_svg(report["performance"].get("Query performance", [])))
    for block, entries in report["performance"].items():
        if block == "Query performance" or not entries:
            continue
        out += [f"<h3>{escape(block)}</h3>", "<table><tr><th>Measurement</th><th>Value</th></tr>"]
        out += [f"<tr><td>{escape(e['name'])}</td><td>{escape(value_text(e))}</td></tr>" for e in entries]
        out.append("</table>")
    return out


def render_html(report: dict) -> str:
    verdict, summary = report["verdict"], report["summary"]
    facts = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in fact_rows(report))
    body = [
        "<h1>Deployment report</h1>",
        f'<p><span class="verdict {escape(verdict)}" id="verdict">{escape(verdict.upper())}</span> '
        f"{escape(counts_text(summary))} ({len(report['items'])} checklist items)</p>",
        '<p id="rendered" data-ok="no">rendered: (the page script did not run)</p>',
        f"<h2>Run facts</h2><table>{facts}</table>",
        *performance_html(report),
        *matrix_html(report.get("matrix")),
        *checklist_html(report),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Deployment report: '
        f"{escape(verdict.upper())}</title><style>{STYLE}</style><script>{SCRIPT}</script></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
