"""The parser: text → normalized lines → tokens → Lark LALR skeleton → tables → ``Report``.

``parse(text)`` never raises anything but :class:`ParseError` (and only with ``raise_on`` or
``strict=True``, or for unreadable files); whatever it cannot read becomes ``None`` plus a
diagnostic.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import re
from os import PathLike
from typing import Any, BinaryIO

import attrs

from . import labels, lalr, lexer, metadata, tables
from .diagnostics import Code, Diagnostic, RaiseOn, diagnostic
from .exceptions import MissingExtraError, ParseError
from .facts import build_table, table_fields
from .model import (
    EDITIONS,
    TABLE_CLASSES,
    Edition,
    Meta,
    Report,
    ReviewLitigation,
    Section,
    StatedFigure,
    Subsection,
)
from .normalize import Line, clean_prose, normalize_text
from .solve import Sink
from .sources.inline import has_tables, inline_tables
from .sources.text import printable
from .stated import read_stated

MAX_INPUT = 5_000_000  # characters; longer inputs are cut with a diagnostic


def parse(text: str, *, strict: bool = False, raise_on: RaiseOn = None) -> Report:
    """Parse the plain text of one report into a :class:`~govinfo.model.Report`.

    Whatever cannot be read becomes ``None`` plus a diagnostic in ``report.diagnostics``.  Raises
    :class:`~govinfo.exceptions.ParseError` (carrying the diagnostics) when ``raise_on`` names a
    severity (``"error"``, ``"warning"`` or ``"info"``; ``strict=True`` is ``"error"``) and a
    diagnostic of it or worse was made, or for input that is not text (bytes: use
    :func:`parse_bytes`); :class:`ValueError` for another ``raise_on``.  Nothing else.
    """
    threshold = _threshold(strict, raise_on)
    try:
        report = _parse(text)
    except ParseError:
        raise
    except Exception as exc:  # pragma: no cover - a bug; never let it escape as another type
        raise ParseError(f"internal error while parsing: {type(exc).__name__}: {exc}") from exc
    _raise_at(report, threshold)
    return report


def parse_file(
    path: str | PathLike[str] | BinaryIO, *, strict: bool = False, raise_on: RaiseOn = None
) -> Report:
    """Parse a report file: text, HTML, Word (.docx) or PDF, told apart by content; ``path`` may
    also be a binary file object (read whole, named by its ``name`` if it has one).  The report
    remembers where it came from in :attr:`Report.source <govinfo.model.Report.source>`.

    Raises :class:`~govinfo.exceptions.ParseError` for a file that cannot be read (missing,
    unsupported or corrupt) and as :func:`parse` does for ``strict``/``raise_on``;
    :class:`~govinfo.exceptions.MissingExtraError` when reading it needs an extra that is not
    installed (``pip install "govinfo-cn[pdf]"``, say).
    """
    threshold = _threshold(strict, raise_on)
    if isinstance(path, (bytes, bytearray, memoryview)):
        raise ParseError(
            f"parse_file() needs a path or a binary file object, got {type(path).__name__}: for the "
            "bytes of a file use govinfo.parse_bytes(data) (a path held as bytes: os.fsdecode(path))"
        )
    if hasattr(path, "read"):
        data = path.read()
        if isinstance(data, str):
            raise ParseError(
                "parse_file() was given a file opened in text mode: open it with open(path, 'rb'), "
                "or give the path, or use govinfo.parse(text) for its text"
            )
        name = getattr(path, "name", None)
        return parse_bytes(data, name=name if isinstance(name, str) else None, raise_on=threshold)
    from .sources import read_document

    _check_path(path)
    report = attrs.evolve(parse(read_document(path)), source=printable(os.fspath(path)))
    _raise_at(report, threshold)
    return report


def _check_path(path: str | PathLike[str]) -> None:
    """Raise :class:`ParseError` for a "path" that is a report's text or a page's markup."""
    name = os.fspath(path)
    if not isinstance(name, str):
        return
    too_long = len(name) > _PATH_MAX or any(
        len(part.encode("utf-8", "replace")) > _NAME_MAX for part in name.split("/")
    )
    if not (too_long or "\n" in name or "\0" in name or _MARKUP.match(name)):
        return
    shown = " ".join(name[:40].split()).replace("\0", "\\0") + ("…" if len(name) > 40 else "")
    if "\0" in name and "\n" not in name and not too_long:
        raise ParseError(f"parse_file() needs a path, got one with a NUL character ({shown})")
    if _MARKUP.match(name):
        got = "a page's markup: for it use govinfo.parse_bytes(html.encode())"
    elif "\n" in name or len(name) > _PATH_MAX:
        got = "text: for a report's text use govinfo.parse(text)"
    else:
        got = f"a name longer than a file name can be ({_NAME_MAX} bytes)"
    raise ParseError(f"parse_file() needs a path, got {len(name)} characters ({shown}), {got}")


_PATH_MAX = 4096  # the longest path Linux accepts (PATH_MAX)
_NAME_MAX = 255  # bytes: the longest file name (NAME_MAX)


def parse_bytes(
    data: bytes, *, name: str | None = None, strict: bool = False, raise_on: RaiseOn = None
) -> Report:
    """Parse a report held in memory: the bytes of a text, HTML, Word (.docx) or PDF file, told
    apart by content as :func:`parse_file` does (``name``, a file name, is used in messages and
    kept as the report's :attr:`~govinfo.model.Report.source`).

    Raises what :func:`parse_file` raises: :class:`~govinfo.exceptions.ParseError` (not bytes,
    an unsupported or corrupt format, ``strict``/``raise_on``) or
    :class:`~govinfo.exceptions.MissingExtraError`.
    """
    threshold = _threshold(strict, raise_on)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError(
            f"parse_bytes() needs bytes, got {type(data).__name__}: for text use govinfo.parse(text)"
        )
    from .sources import read_bytes

    report = parse(read_bytes(bytes(data), name=name or ""))
    if name:
        report = attrs.evolve(report, source=printable(name))
    _raise_at(report, threshold)
    return report


_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


def _threshold(strict: bool, raise_on: RaiseOn) -> RaiseOn:
    """The severity to raise at: ``raise_on``, or ``"error"`` for ``strict=True``."""
    if raise_on is not None and raise_on not in _RANK:
        raise ValueError(f"raise_on must be None, 'info', 'warning' or 'error', not {raise_on!r}")
    if strict and raise_on is None:
        return "error"
    return raise_on


def _raise_at(report: Report, threshold: RaiseOn) -> None:
    """Raise :class:`ParseError` if ``report`` has a diagnostic of ``threshold`` or worse."""
    if threshold is None:
        return
    least = _RANK[threshold]
    hits = [d for d in report.diagnostics if _RANK[d.severity] >= least]
    if hits:
        worst = max(hits, key=lambda d: _RANK[d.severity]).severity
        raise ParseError(
            f"the report has {len(hits)} diagnostic(s) of severity {threshold} or worse "
            f"(the worst: {worst}); parse again with raise_on=None to get the report with them",
            hits,
        )


def _parse(text: str) -> Report:
    diagnostics: list[Diagnostic] = []
    if isinstance(text, (bytes, bytearray, memoryview)):
        raise ParseError(
            f"parse() needs text (str), got {type(text).__name__}: "
            "for the bytes of a file use govinfo.parse_bytes(data)"
        )
    if not isinstance(text, str):
        raise ParseError(f"parse() needs text (str), got {type(text).__name__}")
    if len(text) > MAX_INPUT:
        diagnostics.append(diagnostic(Code.INPUT_TRUNCATED, f"input cut at {MAX_INPUT} characters"))
        text = text[:MAX_INPUT]
    if _MARKUP.match(text):
        diagnostics.append(
            diagnostic(
                Code.INPUT_MARKUP,
                "the input is HTML markup, read here as plain text: read it with govinfo.parse_bytes(data) "
                "or govinfo.parse_file(path), which read the tables of a page",
            )
        )
    if has_tables(text):
        text = _with_tables_read(text, diagnostics)
    damaged = text.count("\ufffd")  # (normalize drops them)
    lines = normalize_text(text)
    report = _parse_lines(lines, list(diagnostics), damaged)
    if _incomplete(report):
        # a table not read in full: the text may have lost its line structure (a crawler dump,
        # rows glued on one line); read it again cut at the template's labels, if that cuts anything
        from .segment import segment  # (here: most texts keep their lines, and need none of it)

        cut = segment(lines, text)
        if cut != lines:
            return _parse_lines(cut, diagnostics, damaged)
    return report


def _with_tables_read(text: str, diagnostics: list[Diagnostic]) -> str:
    """``text`` with its HTML tables written as rows (a Markdown converter keeps tables with
    merged cells as HTML); as it was, with a diagnostic, without the ``html`` extra."""
    try:
        return inline_tables(text)
    except MissingExtraError as exc:
        diagnostics.append(diagnostic(Code.INPUT_MARKUP, f"the text holds HTML tables, not read here: {exc}"))
        return text


# A page's markup at the start of the input: a doctype, <html>, <head>, <body>, <table>, <div>, <meta>.
_MARKUP = re.compile(r"\s*(?:\ufeff)?\s*<(?:!doctype\s+html|html|head|body|table|div|meta)\b", re.IGNORECASE)

_INCOMPLETE = frozenset({Code.ROW_MISSING, Code.TABLE_MISSING, Code.TABLE_NOT_FOUND, Code.INPUT_EMPTY})


def _incomplete(report: Report) -> bool:
    """Whether a table of ``report`` (or the report) was not read in full."""
    return report.meta.edition is None or any(d.code in _INCOMPLETE for d in report.diagnostics)


def _parse_lines(lines: list[Line], diagnostics: list[Diagnostic], damaged: int = 0) -> Report:
    """A report from normalized (maybe segmented) lines; ``diagnostics``: those found before;
    ``damaged``: how many replacement characters the text had."""
    toks = lexer.tokens(lines)
    if not toks and all(line.isspace() for _number, line in lines):
        diagnostics.append(diagnostic(Code.INPUT_EMPTY, "the input has no text"))
        return Report(diagnostics=diagnostics)
    _check_numbering(toks, diagnostics)
    placed = skeleton(toks, diagnostics)
    sink = Sink()
    sink.diagnostics.extend(diagnostics)
    active_blocks = _blocks(placed.get("active", []))
    request_lines = [t.value for t in placed.get("requests", []) if t.type == "REQUEST_CELLS"]
    review_lines = [t.value for t in placed.get("review", []) if t.type == "REVIEW_CELLS"]
    edition = _edition(active_blocks, request_lines, sink)
    meta = _meta(placed, edition, sink)
    sections = _sections(placed, sink)
    figures = _stated(placed, meta.year, sink)
    if edition is None:
        _name_unread_tables(sink, bool(active_blocks or request_lines or review_lines))
        return Report(
            meta=meta,
            diagnostics=sink.diagnostics,
            overview=sections["overview"],
            problems=sections["problems"],
            other_matters=sections["other_matters"],
            stated=figures,
        )
    tables.assemble_active(active_blocks, edition, sink, lines)
    tables.assemble_requests(request_lines, edition, sink, lines)
    tables.assemble_review(review_lines, sink)
    if damaged:
        _name_damaged_blanks(sink, damaged)
    return _build(meta, edition, sink, sections, figures)


def _name_damaged_blanks(sink: Sink, damaged: int) -> None:
    """In a text damaged by its decoding or conversion, a cell read as blank may be a value lost:
    one diagnostic names every blank cell no other diagnostic names."""
    named = {key for d in sink.diagnostics for key in d.keys}
    blank = [key for key, value in sink.values.items() if value is None and key not in named]
    if blank:
        sink.add(
            Code.INPUT_DAMAGED,
            f"the text has {damaged} replacement character(s) (U+FFFD): it was damaged in decoding or "
            f"conversion, and {len(blank)} cell(s) read as blank may have lost their values",
            None,
            blank,
        )


# Where prose that states figures may be: every section, and notes between the tables.
_PROSE_PLACES = ("front", "overview", "active", "requests", "review", "problems", "other")


def _stated(placed: dict[str, Any], year: int | None, sink: Sink) -> tuple[StatedFigure, ...]:
    """The figures the report's prose states (:mod:`govinfo.stated`); two statements of one kind
    that disagree get a diagnostic naming the kind's fact key."""
    prose: list[metadata.Text] = []
    new, text = tuple.__new__, metadata.Text
    for place in _PROSE_PLACES:
        for item in placed.get(place, ()):
            kind = item[0]  # a token's type, or "block" for a ("block", tokens) pair
            if kind == "PROSE":
                prose.append(new(text, (item[2], item[1])))
            elif kind == "block":
                prose.extend([new(text, (t[2], t[1])) for t in item[1] if t[0] == "PROSE"])
    figures = read_stated(prose, year)
    values: dict[str, set[object]] = {}
    for figure in figures:
        values.setdefault(figure.kind, set()).add(figure.value)
    for kind, stated in values.items():
        if len(stated) > 1:
            shown = ", ".join(sorted(str(v) for v in stated))
            sink.add(
                Code.STATED_CONFLICT, f"the text states {kind} differently: {shown}", None, [f"stated.{kind}"]
            )
    return figures


def _name_unread_tables(sink: Sink, found_some: bool) -> None:
    """With no edition, no table value is read: one diagnostic names every table key of both
    editions, so none of them is silently missing."""
    keys = sorted({key for edition in EDITIONS for key, _ in table_fields(edition)})
    sink.add(
        Code.TABLE_NOT_FOUND,
        "the tables of the format were not "
        + ("read (their labels were not recognized)" if found_some else "found")
        + "; no table value is reported",
        None,
        keys,
    )


# Line types the grammar repeats with ``*`` wherever it accepts them: a run of such lines is one
# Lark token (``tests/test_skeleton.py`` checks this against feeding every line).
RUN_TYPES = frozenset({"PROSE", "ACTIVE_CELLS", "REQUEST_CELLS", "REVIEW_CELLS"})


def _runs(toks: list[lexer.Tok]) -> list[list[lexer.Tok]]:
    """Group lines into runs: consecutive lines of one repeatable type, or one heading/block title."""
    runs: list[list[lexer.Tok]] = []
    for kind, group in itertools.groupby(toks, _TYPE):
        if kind in RUN_TYPES:
            runs.append(list(group))
        else:
            runs.extend([tok] for tok in group)
    return runs


_TYPE = operator.itemgetter(0)  # a token's type


def skeleton(toks: list[lexer.Tok], diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """Run the LALR skeleton over the lines; a line the skeleton has no place for is dropped.

    ``active`` holds ``("block", lines)`` pairs (and prose before the first block).
    """
    runs = _runs(toks)
    plan = _skeleton_plan(tuple(run[0].type for run in runs))
    if isinstance(plan, str):  # pragma: no cover - every section is optional
        diagnostics.append(diagnostic(Code.SKELETON_FAILED, plan))
        return {}
    sections, dropped = plan
    for index in dropped:
        for tok in runs[index]:
            diagnostics.append(
                diagnostic(
                    Code.SKELETON_UNEXPECTED,
                    f"{_describe(tok)} is out of place in the report's skeleton; ignored",
                    line=tok.line,
                    text=_text(tok),
                )
            )
    out: dict[str, Any] = {}
    for name, items in sections:
        lines: list[Any] = []
        for item in items:
            if isinstance(item, int):
                lines.extend(runs[item])
            else:
                lines.append(("block", [tok for index in item for tok in runs[index]]))
        out[name] = lines
    return out


Plan = tuple[tuple[tuple[str, tuple[int | tuple[int, ...], ...]], ...], tuple[int, ...]]


@functools.lru_cache(maxsize=4096)
def _skeleton_plan(types: tuple[str, ...]) -> Plan | str:
    """Where the skeleton puts each run of lines, given the runs' token types: per section, its runs
    (a block as a tuple of runs), and the runs it has no place for; or why it failed.  The outcome
    depends on the types alone, so it is cached: reports of one layout share it."""
    try:
        tree, dropped = lalr.table().run(types)
    except lalr.Refused as exc:  # pragma: no cover - every section is optional
        return f"the skeleton cannot end after these lines ({exc})"
    sections = []
    for section in tree.children:
        assert isinstance(section, lalr.Node)
        items: list[int | tuple[int, ...]] = []
        for child in section.children:
            if isinstance(child, int):
                items.append(child)
            else:
                items.append(tuple(run for run in child.children if isinstance(run, int)))
        sections.append((section.name, tuple(items)))
    return tuple(sections), tuple(dropped)


def _check_numbering(toks: list[lexer.Tok], diagnostics: list[Diagnostic]) -> None:
    """A heading whose number is not its section's (seed 001's second 五、) is a diagnostic."""
    headings = lexer.HEADING_TYPES
    for tok in [t for t in toks if t.type in headings]:
        found = labels.match_heading(str(tok.value))
        if found is None or found[1] is None:
            continue
        name, numeral = found
        expected = labels.SECTION_NUMERALS[labels.SECTION_ORDER.index(name)]
        if numeral not in (expected, str(labels.SECTION_ORDER.index(name) + 1)):
            diagnostics.append(
                diagnostic(
                    Code.HEADING_MISNUMBERED,
                    f"heading numbered {numeral}、 where the format has {expected}、; read by its title",
                    line=tok.line,
                    text=str(tok.value),
                )
            )


def _describe(tok: lexer.Tok) -> str:
    if tok.type.startswith("H_"):
        return f"heading {_text(tok)!r}"
    return f"{tok.type.lower()} {_text(tok)!r}"


def _text(tok: lexer.Tok) -> str:
    value = tok.value
    if isinstance(value, lexer.Cells):
        return value.raw
    return str(value)


def _blocks(children: list[Any]) -> list[tuple[str, int, list[lexer.Cells]]]:
    blocks = []
    for child in children:
        if isinstance(child, tuple) and child[0] == "block":
            toks = child[1]
            head = toks[0]
            m = labels.BLOCK_TITLE.search(head.value)
            numeral = m.group(1) if m else "?"
            cells = [t.value for t in toks[1:] if t.type == "ACTIVE_CELLS"]
            blocks.append((numeral, head.line, cells))
    return blocks


# --- edition --------------------------------------------------------------------------------


_MARKER_EDITION = {m: edition for edition, markers in labels.EDITION_MARKERS.items() for m in markers}


@functools.cache
def _edition_markers() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(m) for m in sorted(_MARKER_EDITION, key=len, reverse=True)))


def _edition(
    blocks: list[tuple[str, int, list[lexer.Cells]]], request_lines: list[lexer.Cells], sink: Sink
) -> Edition | None:
    active_votes = {"2019": 0, "2021": 0}
    marker = _edition_markers()
    for numeral, _line, cells in blocks:
        if numeral == "九":
            active_votes["2019"] += 1
        for c in cells:
            found = marker.findall(c.text)
            if found:  # (most lines: none)
                for edition_found in {_MARKER_EDITION[m] for m in found}:
                    active_votes[edition_found] += 1
    texts = "\n".join([c.text for c in request_lines])  # (the words below hold no line break)
    req_2021 = "逾期未按收费通知要求缴纳费用" in texts or "逾期不补正" in texts
    req_2019 = not req_2021 and any(
        tables.match_request_row(c.text) == ("other_handling", "exact") and c.values
        for c in tables.gather(request_lines, tables.ROW_WIDTH)
    )
    if active_votes["2019"] and active_votes["2021"]:
        active: str | None = max(active_votes, key=lambda e: active_votes[e])
        sink.add(Code.EDITION_MIXED, "table 二 has labels of both editions", None)
    elif active_votes["2019"] or active_votes["2021"]:
        active = "2019" if active_votes["2019"] else "2021"
    else:
        active = None
    requests: str | None = "2021" if req_2021 else ("2019" if req_2019 else None)
    if active and requests and active != requests:
        sink.add(
            Code.EDITION_MIXED,
            f"table 二 is the {active} format but table 三 is the {requests} format; read as {active}",
            None,
        )
        return active  # type: ignore[return-value]
    edition = active or requests
    if edition is None:
        has_tables = bool(blocks or request_lines)
        sink.add(
            Code.EDITION_UNKNOWN,
            "no table of the 2019 or 2021 format found"
            + ("" if has_tables else ": this does not look like a 2019+ annual report"),
            None,
            ["meta.edition"],
        )
        return None
    return edition  # type: ignore[return-value]


# --- metadata -------------------------------------------------------------------------------


def _meta(skeleton: dict[str, Any], edition: Edition | None, sink: Sink) -> Meta:
    """Meta from every place the report states it (see :mod:`govinfo.metadata`)."""

    new, text = tuple.__new__, metadata.Text

    def prose(name: str) -> list[metadata.Text]:
        return [new(text, (t[2], t[1])) for t in skeleton.get(name, ()) if t[0] == "PROSE"]

    front = prose("front")
    lines = (new(text, (t[2], t[1])) for t in skeleton.get("overview", ()) if t[0] == "PROSE")
    overview = list(itertools.islice(lines, metadata.OVERVIEW_LINES))
    other = prose("other")
    closing = other or prose("problems")
    return metadata.read_meta(front, overview, closing, other, edition, sink)


# --- text sections ----------------------------------------------------------------------------

_SUBHEADING = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}\s*[、.．])\s*\S{1,24}$")


def _sections(skeleton: dict[str, Any], sink: Sink) -> dict[str, Section]:
    out: dict[str, Section] = {"overview": Section(), "problems": Section(), "other_matters": Section()}
    for name, field in (("overview", "overview"), ("problems", "problems"), ("other", "other_matters")):
        toks = skeleton.get(name)
        if toks is None:
            continue
        heading = None
        body: list[str] = []
        for t in toks:
            if t.type.startswith("H_"):
                heading = clean_prose(str(t.value))
            elif t.type == "PROSE":
                body.append(clean_prose(str(t.value)))
        out[field] = _section(heading, body, name == "overview")
    return out


def _section(heading: str | None, body: list[str], with_subsections: bool) -> Section:
    paragraphs: list[str] = []
    subsections: list[Subsection] = []
    current: tuple[str, list[str]] | None = None
    for text in body:
        if with_subsections and _SUBHEADING.match(text) and not text.endswith(("。", "；")):
            if current is not None:
                subsections.append(Subsection(heading=current[0], paragraphs=tuple(current[1])))
            current = (text, [])
        elif current is not None:
            current[1].append(text)
        else:
            paragraphs.append(text)
    if current is not None:
        subsections.append(Subsection(heading=current[0], paragraphs=tuple(current[1])))
    return Section(heading=heading, paragraphs=tuple(paragraphs), subsections=tuple(subsections))


# --- building the report --------------------------------------------------------------------


def _build(
    meta: Meta, edition: Edition, sink: Sink, sections: dict[str, Section], stated: tuple[StatedFigure, ...]
) -> Report:
    active_cls, requests_cls = TABLE_CLASSES[edition]
    values = sink.values
    return Report(
        meta=meta,
        active=build_table(active_cls, "active", values, checked=False),
        requests=build_table(requests_cls, "requests", values, checked=False),
        review_litigation=build_table(ReviewLitigation, "review_litigation", values, checked=False),
        diagnostics=sink.diagnostics,
        provenance=sink.positions,
        overview=sections["overview"],
        problems=sections["problems"],
        other_matters=sections["other_matters"],
        stated=stated,
    )
