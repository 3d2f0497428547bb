"""The notebook display of a Report (``_repr_html_``): headline, bars by code and field, first problems.

Self-contained HTML: one scoped ``<style>``, CSS bars (no plotting library, no
script), colours that follow the notebook's light or dark theme.  Every piece of
data (codes, field names, messages, values) goes through ``html.escape``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Iterable, Mapping

from .frames.columns import ABSENT
from .frames.tables import value_text
from .report import problem_column
from .report_text import plural

if TYPE_CHECKING:
    from .report import Report

__all__ = ["percent", "report_html"]

_STYLE = """<style>
.dsr{--dsr-fg:#1f2328;--dsr-muted:#59636e;--dsr-line:#d1d9e0;--dsr-bad:#cf222e;--dsr-good:#1a7f37;
--dsr-track:rgba(127,127,127,.15);--dsr-on-pill:#fff;--dsr-bg:transparent;color:var(--dsr-fg);background:var(--dsr-bg);
font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:980px;padding:4px 2px}
@media (prefers-color-scheme:dark){.dsr{--dsr-fg:#e6edf3;--dsr-muted:#9198a1;--dsr-line:#3d444d;
--dsr-bad:#ff7b72;--dsr-good:#56d364;--dsr-on-pill:#0d1117}}
body[data-jp-theme-light=false] .dsr,body.vscode-dark .dsr,.dsr.dsr-dark{--dsr-fg:#e6edf3;--dsr-muted:#9198a1;
--dsr-line:#3d444d;--dsr-bad:#ff7b72;--dsr-good:#56d364;--dsr-on-pill:#0d1117}
body[data-jp-theme-light=true] .dsr,body.vscode-light .dsr,.dsr.dsr-light{--dsr-fg:#1f2328;--dsr-muted:#59636e;
--dsr-line:#d1d9e0;--dsr-bad:#cf222e;--dsr-good:#1a7f37;--dsr-on-pill:#fff}
.dsr .dsr-head{font-size:15px;margin:0 0 10px}
.dsr .dsr-pill{display:inline-block;border-radius:10px;padding:1px 9px;margin-right:8px;font-weight:600;
color:var(--dsr-on-pill);background:var(--dsr-bad)}
.dsr .dsr-pill.dsr-ok{background:var(--dsr-good)}
.dsr .dsr-muted{color:var(--dsr-muted)}
.dsr .dsr-cols{display:flex;flex-wrap:wrap;gap:10px 36px}
.dsr h4{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--dsr-muted);margin:12px 0 4px}
.dsr table{border-collapse:collapse;color:inherit;background:transparent}
.dsr td,.dsr th{padding:3px 10px 3px 0;text-align:left;border-bottom:1px solid var(--dsr-line);
vertical-align:top;background:transparent;color:inherit}
.dsr th{font-weight:600;color:var(--dsr-muted)}
.dsr td.dsr-n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.dsr .dsr-track{width:160px;height:9px;border-radius:5px;background:var(--dsr-track);margin-top:5px}
.dsr .dsr-bar{height:9px;border-radius:5px;background:var(--dsr-bad);min-width:2px}
.dsr code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:inherit;background:transparent}
.dsr .dsr-value{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--dsr-bad);
word-break:break-all}
.dsr .dsr-value.dsr-absent{color:var(--dsr-muted);font-style:italic}
</style>"""


def percent(part: int, whole: int) -> str:
    """``5.0%``; never rounds a non-zero part to 0% or a partial one to 100%."""
    if whole == 0 or part == 0:
        return "0%"
    if part == whole:
        return "100%"
    share = 100 * part / whole
    if share < 0.1:
        return "<0.1%"
    if share > 99.9:
        return ">99.9%"
    return f"{share:.1f}%"


def _headline(report: Report) -> str:
    total, valid, invalid = report.total, report.valid, report.invalid
    if report.ok:
        pill = "<span class='dsr-pill dsr-ok'>&#10003; all valid</span>"
    else:
        pill = f"<span class='dsr-pill'>&#10007; {percent(invalid, total)} invalid</span>"
    return (f"<div class='dsr-head'>{pill}<b>{plural(total, 'record')}</b> checked: "
            f"<b>{valid:,}</b> valid <span class='dsr-muted'>({percent(valid, total)})</span>, "
            f"<b>{invalid:,}</b> invalid <span class='dsr-muted'>({percent(invalid, total)})</span></div>")


def _bars(title: str, label: str, counts: Mapping[str, int], code: bool) -> str:
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda item: -item[1])  # stable: ties keep rule order
    top = rows[0][1]
    whole = sum(counts.values())
    body = []
    for name, count in rows:
        width = max(1.0, 100 * count / top)
        shown = f"<code>{html.escape(name)}</code>" if code else html.escape(name) or "<i>(empty)</i>"
        body.append(f"<tr><td>{shown}</td><td class='dsr-n'>{count:,}</td>"
                    f"<td class='dsr-n dsr-muted'>{percent(count, whole)}</td>"
                    f"<td><div class='dsr-track'><div class='dsr-bar' style='width:{width:.1f}%'></div></div></td></tr>")
    return (f"<div><h4>{title}</h4><table><thead><tr><th>{label}</th><th>problems</th><th></th><th></th></tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table></div>")


def _problems(report: Report) -> str:
    if not report.problems:
        return ""
    values: Iterable[object] = report.values or [None] * len(report.problems)
    rows = []
    for error, value in zip(report.problems, values):
        column = problem_column(error)
        field = "" if column is None else html.escape(column)
        if error.field is None and field:
            field = f"<span class='dsr-muted'>{field}</span>"  # the rule's key, not a declared field
        kind = "dsr-value dsr-absent" if value is ABSENT else "dsr-value"
        rows.append(f"<tr><td class='dsr-n'>{error.index:,}</td><td>{html.escape(error.message)}</td>"
                    f"<td>{field}</td><td><span class='{kind}'>{html.escape(value_text(value, 60))}</span></td>"
                    f"<td><code class='dsr-muted'>{html.escape(error.code)}</code></td></tr>")
    shown = len(report.problems)
    total = sum(report.counts.values())
    title = f"First problems ({shown:,} of {total:,})" if shown < total else f"Problems ({total:,})"
    more = ""
    if report.omitted():
        more = (f"<p class='dsr-muted'>{plural(report.omitted(), 'more problem')} not kept "
                f"(keep={report.keep}; keep=None keeps all).</p>")
    return (f"<h4>{title}</h4><table><thead><tr><th>row</th><th>problem</th><th>field</th><th>value</th>"
            f"<th>code</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{more}")


def report_html(report: Report) -> str:
    columns = (_bars("Problems by code", "code", report.counts, True)
               + _bars("Problems by field", "field", report.fields, False))
    parts = [_STYLE, _headline(report)]
    if columns:
        parts.append(f"<div class='dsr-cols'>{columns}</div>")
    parts.append(_problems(report))
    return f"<div class='dsr dataset-schema-report'>{''.join(parts)}</div>"
