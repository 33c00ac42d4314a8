"""Bulletin output: Markdown (charts as images beside it), standalone HTML, JSON."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from ..indicators import Result
from .charts import to_png, to_svg
from .compose import Bulletin, Number


def _source_line(result: Result) -> str:
    seen, parts = set(), []
    for i in result.inputs:
        if i.release_id in seen:
            continue
        seen.add(i.release_id)
        when = f", published {i.published}" if i.published else ""
        tier = f", tier {i.tier}" if i.tier is not None else ""
        parts.append(f"{i.release_title}{when}{tier} ({i.release_url})")
    what = f"{result.indicator} of {result.series}, {result.period}"
    extra = []
    if result.computed is not None and result.published is not None:
        extra.append(f"computed {result.computed:.2f}, published {result.published:g}")
    if result.flag:
        extra.append(result.flag)
    if result.note:
        extra.append(result.note)
    tail = f" [{'; '.join(extra)}]" if extra else ""
    return f"{what}{tail}. Source: " + "; ".join(parts)


class Footnotes:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.index: dict[str, int] = {}

    def ref(self, number: Number) -> int:
        line = _source_line(number.result)
        if line not in self.index:
            self.lines.append(line)
            self.index[line] = len(self.lines)
        return self.index[line]


def to_markdown(b: Bulletin, out: Path | None = None) -> str:
    notes = Footnotes()
    lines = [f"# {b.title}", ""]
    for section in b.sections:
        lines += [f"## {section.title}", ""]
        for sentence in section.sentences:
            texts = [f"{n.text}[^{notes.ref(n)}]" for n in sentence.numbers]
            text = sentence.template.format(*texts)
            lines.append(text[:1].upper() + text[1:])
        lines.append("")
    if out is not None and b.charts:
        lines += ["## Charts", ""]
        for name, spec in b.charts.items():
            image = out.with_name(f"{out.stem}-{name}.png")
            image.write_bytes(to_png(spec))
            lines += [f"![{spec.get('title', name)}]({image.name})", ""]
    lines += ["## Sources", ""]
    lines += [f"[^{i}]: {line}" for i, line in enumerate(notes.lines, start=1)]
    return "\n".join(lines) + "\n"


CSS = """
body{font-family:Georgia,serif;max-width:820px;margin:2em auto;line-height:1.5;color:#222}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em}
.num{border-bottom:1px dotted #36c;cursor:help}
sup a{text-decoration:none;color:#36c;font-size:.75em}
ol.sources{font-size:.8em;color:#444}
figure{margin:1.5em 0}
"""


def to_html(b: Bulletin) -> str:
    notes = Footnotes()
    body = [f"<h1>{html.escape(b.title)}</h1>"]
    for section in b.sections:
        body.append(f"<h2>{html.escape(section.title)}</h2>")
        for sentence in section.sentences:
            texts = []
            for n in sentence.numbers:
                k = notes.ref(n)
                tip = html.escape(_source_line(n.result), quote=True)
                texts.append(
                    f'<span class="num" title="{tip}">{html.escape(n.text)}</span>'
                    f'<sup><a href="#fn{k}">{k}</a></sup>'
                )
            escaped = html.escape(sentence.template).replace("{}", "\x00")
            parts = escaped.split("\x00")
            text = "".join(p + (texts[i] if i < len(texts) else "") for i, p in enumerate(parts))
            body.append(f"<p>{text[:1].upper() + text[1:]}</p>")
    for name, spec in b.charts.items():
        body.append(f'<figure id="chart-{name}">{to_svg(spec)}</figure>')
    body.append('<h2>Sources</h2><ol class="sources">')
    body += [
        f'<li id="fn{i}">{html.escape(line)}</li>' for i, line in enumerate(notes.lines, start=1)
    ]
    body.append("</ol>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(b.title)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )


def to_json_dict(b: Bulletin) -> dict[str, Any]:
    return {
        "title": b.title,
        "period": str(b.period),
        "currencies": list(b.currencies),
        "sections": [
            {
                "name": s.name,
                "title": s.title,
                "sentences": [
                    {
                        "text": sent.text,
                        "numbers": [{"text": n.text, **n.result.as_dict()} for n in sent.numbers],
                    }
                    for sent in s.sentences
                ],
            }
            for s in b.sections
        ],
        "charts": b.charts,
    }


def to_json(b: Bulletin) -> str:
    return json.dumps(to_json_dict(b), ensure_ascii=False, indent=2, default=str) + "\n"
