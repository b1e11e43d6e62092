"""Diagnostics: what the parser repaired or could not read, and where."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Literal

from attrs import field, frozen

Severity = Literal["error", "warning", "info"]
RaiseOn = Literal["error", "warning", "info"] | None
"""The least severity of diagnostic that makes a parse raise (``None``: never)."""


def _keys(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(keys)


def _text(code: str) -> str:
    """A code as plain text (a :class:`Code` member is stored as its text)."""
    return str.__str__(code)


class Code(str, Enum):
    """The diagnostic codes: one constant per entry of :data:`CATALOGUE`, which gives its severity.

    A member is its code's text (``Code.ROW_MISSING == "row.missing"``, hashed and printed as that
    text); a :class:`Diagnostic` stores the plain text.
    """

    INPUT_EMPTY = "input.empty"
    INPUT_TRUNCATED = "input.truncated"
    INPUT_MARKUP = "input.markup"
    INPUT_DAMAGED = "input.damaged"
    SKELETON_UNEXPECTED = "skeleton.unexpected"
    SKELETON_FAILED = "skeleton.failed"
    HEADING_MISNUMBERED = "heading.misnumbered"
    EDITION_UNKNOWN = "edition.unknown"
    EDITION_MIXED = "edition.mixed"
    EDITION_MIXED_OTHER_HANDLING = "edition.mixed_other_handling"
    META_AGENCY_MISSING = "meta.agency_missing"
    META_AGENCY_CONFLICT = "meta.agency_conflict"
    META_YEAR_CONFLICT = "meta.year_conflict"
    META_PERIOD_CONFLICT = "meta.period_conflict"
    META_YEAR_MISSING = "meta.year_missing"
    STATED_CONFLICT = "stated.conflict"
    CELL_UNREADABLE = "cell.unreadable"
    ROW_UNREADABLE = "row.unreadable"
    ROW_CELL_COUNT = "row.cell_count"
    TABLE_SUMS_BROKEN = "table.sums_broken"
    ROW_CELL_COUNT_RESOLVED = "row.cell_count_resolved"
    ROW_GLUED_DIGITS = "row.glued_digits"
    ROW_GLUED_DIGITS_RESOLVED = "row.glued_digits_resolved"
    ROW_MISSING = "row.missing"
    ROW_NO_VALUES = "row.no_values"
    ROW_ORPHAN_VALUES = "row.orphan_values"
    ROW_DETACHED_LABEL = "row.detached_label"
    TABLE_BY_COLUMNS = "table.by_columns"
    ROW_DUPLICATE_LABEL = "row.duplicate_label"
    ROW_DUPLICATE = "row.duplicate"
    ROW_UNEXPECTED = "row.unexpected"
    ACTIVE_UNKNOWN_BLOCK = "active.unknown_block"
    ACTIVE_DUPLICATE_ROW = "active.duplicate_row"
    ACTIVE_ROW_IN_OTHER_BLOCK = "active.row_in_other_block"
    CELL_BLANK_FORCED = "cell.blank_forced"
    ROW_BLANK_MISFIT = "row.blank_misfit"
    CELL_HEADER_UNIT = "cell.header_unit"
    ROW_SEARCH_CAPPED = "row.search_capped"
    TABLE_NOT_FOUND = "table.not_found"
    LABEL_FUZZY = "label.fuzzy"
    TABLE_MISSING = "table.missing"

    __hash__ = str.__hash__

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


@frozen(kw_only=True)
class SourcePosition:
    """A place in the source text (1-based line and column)."""

    line: int
    column: int = 1


@frozen(kw_only=True)
class Diagnostic:
    """One thing the parser noticed: a stable ``code``, a severity, a message, the fact keys it concerns."""

    code: str = field(converter=_text)
    severity: Severity
    message: str
    line: int | None = None
    keys: tuple[str, ...] = field(default=(), converter=_keys)
    text: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        keys = f" [{', '.join(self.keys)}]" if self.keys else ""
        return f"{where}{self.severity} {self.code}: {self.message}{keys}"


def diagnostic(
    code: Code, message: str, *, line: int | None = None, keys: Iterable[str] = (), text: str | None = None
) -> Diagnostic:
    """A diagnostic of ``code``, with the severity :data:`CATALOGUE` gives it."""
    return Diagnostic(
        code=code, severity=CATALOGUE[code].severity, message=message, line=line, keys=tuple(keys), text=text
    )


@frozen(kw_only=True)
class DiagnosticCode:
    """One entry of :data:`CATALOGUE`: a diagnostic code's severity, what triggers it, what to do."""

    code: Code
    severity: Severity
    trigger: str
    action: str


def _catalogue(*entries: DiagnosticCode) -> dict[Code, DiagnosticCode]:
    return {entry.code: entry for entry in entries}


CATALOGUE: dict[Code, DiagnosticCode] = _catalogue(
    # --- the input ---------------------------------------------------------------------------
    DiagnosticCode(
        code=Code.INPUT_EMPTY,
        severity="error",
        trigger="The input has no text once normalized: an empty file or string, only whitespace. (A PDF "
        "without a text layer, a scan, raises ParseError instead.)",
        action="Check the file: it may be a placeholder, or the text was lost when it was saved.",
    ),
    DiagnosticCode(
        code=Code.INPUT_TRUNCATED,
        severity="warning",
        trigger="The input is longer than 5,000,000 characters; the rest is ignored.",
        action="This is not one report: split the file and parse each report on its own.",
    ),
    DiagnosticCode(
        code=Code.INPUT_MARKUP,
        severity="warning",
        trigger="The text given to govinfo.parse() starts with HTML markup (<html>, <table>, …): it is "
        "read as plain text, so the tables of the page are not seen as tables.",
        action="Read the page with govinfo.parse_bytes(data) or govinfo.parse_file(path), which read "
        "its tables (needs govinfo-cn[html]).",
    ),
    DiagnosticCode(
        code=Code.INPUT_DAMAGED,
        severity="warning",
        trigger="The text has replacement characters (U+FFFD, �): it was damaged when it was decoded or "
        "converted (a wrong encoding, a converter that cut characters in two). Table cells read as blank "
        "(not reported) may have lost their values: they are named.",
        action="Read the original file or page again (govinfo.parse_file on it, or another converter), "
        "or check the named cells against the original.",
    ),
    # --- the skeleton: six sections in a fixed order --------------------------------------------
    DiagnosticCode(
        code=Code.SKELETON_UNEXPECTED,
        severity="warning",
        trigger="A heading, block title or table line is out of place in the fixed order of the six "
        "sections (a section heading repeated, a table title inside a text section); it is ignored.",
        action="Usually harmless (a repeated page header, a table of contents). If values are missing "
        "as well, look at the line named: the report's sections may be out of order.",
    ),
    DiagnosticCode(
        code=Code.SKELETON_FAILED,
        severity="error",
        trigger="The skeleton grammar refused the end of the input. Every section is optional, so "
        "this should not happen.",
        action="Report it as a govinfo bug, with the input.",
    ),
    DiagnosticCode(
        code=Code.HEADING_MISNUMBERED,
        severity="info",
        trigger="A section heading carries another number than the format's (a second 五、 where 六、 "
        "belongs); the section is read by its title.",
        action="Nothing for data users. In a draft, correct the heading's number.",
    ),
    # --- the edition --------------------------------------------------------------------------
    DiagnosticCode(
        code=Code.EDITION_UNKNOWN,
        severity="error",
        trigger="No table of the 2019 or the 2021 format was found: the report has metadata and text "
        "sections but no tables. Reports on years before 2019 used another format.",
        action="If it is a 2019+ annual report, its tables are missing from the text (images, or a "
        "layout not recognized): check what the source gives with `govinfo render FILE --layout lines`.",
    ),
    DiagnosticCode(
        code=Code.EDITION_MIXED,
        severity="warning",
        trigger="Table 二 has labels of both editions, or table 二 and table 三 are of different "
        "editions; the report is read in the edition of table 二 (the majority of its labels).",
        action="Check the cells of the rows of the other edition against the original. A draft should "
        "use one format throughout (2021 since reports on 2021).",
    ),
    DiagnosticCode(
        code=Code.EDITION_MIXED_OTHER_HANDLING,
        severity="warning",
        trigger="A 2021 table has the 2019 single （六）其他处理 row: its three 2021 sub-rows are 0 where "
        "that row is 0, and unknown (None) elsewhere — the keys named.",
        action="The split into the three sub-rows is not in the report; sum them as the single row, or "
        "ask the agency.",
    ),
    # --- metadata -----------------------------------------------------------------------------
    DiagnosticCode(
        code=Code.META_AGENCY_MISSING,
        severity="warning",
        trigger="No issuing agency was found in the title, a page field, the preamble or the sign-off.",
        action="Set it yourself (`attrs.evolve(report, meta=attrs.evolve(report.meta, agency=...))`): "
        "`check_series` pairs the years of an agency by its name.",
    ),
    DiagnosticCode(
        code=Code.META_AGENCY_CONFLICT,
        severity="warning",
        trigger="The report names its agency differently in different places (title, page fields, "
        "preamble, sign-off): the message lists every name and where it stands. The name most places "
        "support is kept (a title counts most); with no majority the agency is None. A page's 来源 "
        "field alone disagreeing is kept in `meta.evidence` without a diagnostic.",
        action="Check the title and the sign-off against the original; a page field may name the site "
        "rather than the body.",
    ),
    DiagnosticCode(
        code=Code.META_YEAR_CONFLICT,
        severity="warning",
        trigger="The report states its year differently in different places (title, statistics period, "
        "preamble, the opening of section 一): the message lists every year and where it stands. The "
        "year most places support is kept (a title counts most); with no majority the year is None.",
        action="A statistics period that names the previous year is a common slip of the draft: check "
        "which year the figures are for, and tell the agency.",
    ),
    DiagnosticCode(
        code=Code.META_PERIOD_CONFLICT,
        severity="warning",
        trigger="The report states two different statistics periods; the one most places support is kept "
        "(none if they are as many).",
        action="Check which period the figures cover.",
    ),
    DiagnosticCode(
        code=Code.STATED_CONFLICT,
        severity="warning",
        trigger="The text states one figure (say, the applications received) twice with different values; "
        "the fact `stated.<kind>` is not reported, and each statement is checked against the table.",
        action="Read the sentences (`Report.stated`) and correct the one that is wrong.",
    ),
    DiagnosticCode(
        code=Code.META_YEAR_MISSING,
        severity="warning",
        trigger="No year reported on was found in the title, the preamble, the statistics period or the "
        "opening of section 一.",
        action="Set `meta.year` yourself (from the file name or the publication date); "
        "`check_series` needs it.",
    ),
    # --- cells and rows -----------------------------------------------------------------------
    DiagnosticCode(
        code=Code.CELL_UNREADABLE,
        severity="warning",
        trigger="A value cell is not a number (text where a count belongs, a decimal count); its key "
        "is None. (`/`, `-`, `—` and blank cells are 'not reported': None without a diagnostic; "
        "`无` is 0.)",
        action="Read the cell (`diagnostic.text`) in the original and fill in the value if you know it.",
    ),
    DiagnosticCode(
        code=Code.ROW_UNREADABLE,
        severity="warning",
        trigger="A row has cells that are not numbers and not as many cells as columns, so no cell can "
        "be placed: every key of the row is None.",
        action="Read the row in the original (the line named).",
    ),
    DiagnosticCode(
        code=Code.TABLE_SUMS_BROKEN,
        severity="warning",
        trigger="Every 总计 of table 四 (行政复议, and the two 行政诉讼 groups) differs from the sum of its "
        "four results: the values were most likely read out of order (a PDF converter that reads the "
        "table column by column). The values are kept as read; every key of the table is named.",
        action="Read table 四 from the original (govinfo.parse_file on the PDF, or another converter); "
        "the check's I3 findings show which sums fail.",
    ),
    DiagnosticCode(
        code=Code.ROW_CELL_COUNT,
        severity="warning",
        trigger="A row has more or fewer value cells than columns (a merged cell dropped or repeated a "
        "value) and no single reading fits the table's arithmetic: the cells that cannot be "
        "determined are None — the keys named.",
        action="Fill in the keys named from the original; the others of the row are certain.",
    ),
    DiagnosticCode(
        code=Code.ROW_CELL_COUNT_RESOLVED,
        severity="info",
        trigger="A row has more or fewer value cells than columns, and exactly one reading fits the "
        "table's arithmetic (勾稽关系): the keys named were placed by it.",
        action="Nothing, usually. For certainty, compare the keys named with the original.",
    ),
    DiagnosticCode(
        code=Code.ROW_GLUED_DIGITS,
        severity="warning",
        trigger="Cells run together into one digit string (`1001` for 1, 0, 0, 1) and no single split "
        "fits the table's arithmetic: the cells that cannot be determined are None.",
        action="Fill in the keys named from the original document (its PDF or web page).",
    ),
    DiagnosticCode(
        code=Code.ROW_GLUED_DIGITS_RESOLVED,
        severity="info",
        trigger="Cells run together into one digit string, and exactly one split fits the table's "
        "arithmetic: the keys named were read by it.",
        action="Nothing, usually. For certainty, compare the keys named with the original.",
    ),
    DiagnosticCode(
        code=Code.ROW_MISSING,
        severity="warning",
        trigger="A row of table 二 or 三 was not found: its keys are None.",
        action="Look for the row in the original. If it is there under a label govinfo does not know, "
        "report the label so that it joins the lexicon (`labels.py`).",
    ),
    DiagnosticCode(
        code=Code.ROW_NO_VALUES,
        severity="warning",
        trigger="A row label of table 三 was found but no values could be paired with it: its keys are None.",
        action="Read the row in the original; its values may be on a line the parser paired with "
        "another label, or lost in the copy.",
    ),
    DiagnosticCode(
        code=Code.ROW_ORPHAN_VALUES,
        severity="warning",
        trigger="A line of values in table 三 has no row label and could not be paired with one; it is "
        "ignored.",
        action="Compare table 三 with the original; look for a row.no_values diagnostic nearby.",
    ),
    DiagnosticCode(
        code=Code.ROW_DETACHED_LABEL,
        severity="info",
        trigger="Value rows of table 三 were printed apart from their labels (a converter stacked the "
        "wrapped label cells above or below them); as many value rows as the format has rows there "
        "were read as those rows, in the format's order.",
        action="Check the named rows against the original.",
    ),
    DiagnosticCode(
        code=Code.TABLE_BY_COLUMNS,
        severity="info",
        trigger="Rows of table 三 were printed column by column (a PDF converter, pdfminer: the row labels "
        "first, then each column's cells): the cells after the labels were read down the columns, "
        "and every row so read keeps its sum (总计).",
        action="Check the named rows against the original.",
    ),
    DiagnosticCode(
        code=Code.ROW_DUPLICATE_LABEL,
        severity="warning",
        trigger="A row label is repeated where the format expects the next row (a copy-paste slip in "
        "the report); the row is read as the expected one, by position.",
        action="Check in the original that the row is the one expected; a draft should fix its label.",
    ),
    DiagnosticCode(
        code=Code.ROW_DUPLICATE,
        severity="warning",
        trigger="A row of table 三 appears a second time and no later row is missing; the second is ignored.",
        action="Check which of the two rows is right in the original.",
    ),
    DiagnosticCode(
        code=Code.ROW_UNEXPECTED,
        severity="warning",
        trigger="A row of table 三 belongs to the other edition (a 2021 sub-row in a 2019 table); it "
        "is ignored.",
        action="Check the edition of the report and that row's values in the original.",
    ),
    DiagnosticCode(
        code=Code.ACTIVE_UNKNOWN_BLOCK,
        severity="warning",
        trigger="A block of table 二 (第二十条第（N）项) is not in the report's edition (the 2019 "
        "（九）项 in a 2021 table); its rows are ignored.",
        action="Check the edition; the block's values are not in the model of that edition.",
    ),
    DiagnosticCode(
        code=Code.ACTIVE_DUPLICATE_ROW,
        severity="warning",
        trigger="A row of table 二 appears again after every row of its block was filled; it is ignored.",
        action="Check the block in the original.",
    ),
    DiagnosticCode(
        code=Code.ACTIVE_ROW_IN_OTHER_BLOCK,
        severity="info",
        trigger="A row of table 二 stands under another block's title (blocks printed out of order, "
        "or a title lost); it is read as a row of the block its label belongs to.",
        action="None needed; check the block order in the original if the values look wrong.",
    ),
    DiagnosticCode(
        code=Code.CELL_BLANK_FORCED,
        severity="info",
        trigger="A cell is printed blank, but the row's arithmetic gives its value (a 总计 whose "
        "parts are all present, or the one missing part of a 总计); it stays None (not reported), "
        "and the message gives the value the arithmetic implies.",
        action="Check the original: the cell may have been left blank by mistake.",
    ),
    DiagnosticCode(
        code=Code.ROW_BLANK_MISFIT,
        severity="warning",
        trigger="A row has one blank cell, and its arithmetic would need a negative count there: the "
        "cells are likely not in their columns (one lost to broken markup, the rest shifted). Every "
        "key of the row's 总计 group is named; the values are kept as read.",
        action="Compare the row with the original document; re-read it from another copy if you can.",
    ),
    DiagnosticCode(
        code=Code.CELL_HEADER_UNIT,
        severity="warning",
        trigger="A column header states the amounts' unit (采购总金额（元）), but the row's cells could not "
        "be matched to its columns, so the unit could not be applied.",
        action="Check the amounts against the original; they may be in 元, not 万元.",
    ),
    DiagnosticCode(
        code=Code.ROW_SEARCH_CAPPED,
        severity="warning",
        trigger="A row's digit runs (cells glued with no separator) have too many ways to be cut into "
        "cells to search them all; the row is not read.",
        action="Read the row from the original, or from a copy whose cells are separated.",
    ),
    DiagnosticCode(
        code=Code.TABLE_NOT_FOUND,
        severity="warning",
        trigger="A table of the format was not found at all; every one of its fact keys is named.",
        action="Check that the input holds the table (a page's table may be an image, or on another page).",
    ),
    DiagnosticCode(
        code=Code.LABEL_FUZZY,
        severity="info",
        trigger="A row label was matched despite a typo or a variant wording (上年转结 for 上年结转); "
        "the label as written is in `diagnostic.text`.",
        action="Nothing for data users. In a draft, use the official label.",
    ),
    DiagnosticCode(
        code=Code.TABLE_MISSING,
        severity="warning",
        trigger="Table 四 has no values: its 15 keys are None.",
        action="Look for the table in the original: it may be an image, or missing from the copy.",
    ),
)
"""Every diagnostic code the parser emits, by code (``docs/diagnostics.md`` is generated from this;
``tests/test_docs.py`` checks it against the source)."""
