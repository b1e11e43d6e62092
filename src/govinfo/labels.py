"""The lexicon: every canonical label of the format, with its known variants and typos.

Canonical table labels come from the model's field metadata; this module adds the aliases seen in
real reports (spec/template-inventory.md §9 and the corpus).  All matching is on
:func:`govinfo.normalize.label_key` forms (no whitespace, no punctuation).  A new spelling of a
label is one more entry here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

import attrs
from attrs import frozen

from .model import (
    APPLICANT_COLUMNS,
    ActiveDisclosure2019,
    ActiveDisclosure2021,
    RequestTable2019,
    RequestTable2021,
    cell_fields,
)
from .normalize import label_key

# --- section headings -------------------------------------------------------------------------

SECTION_TITLES: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况", "总体情况概述", "概述"),
    "active": ("主动公开政府信息情况", "行政机关主动公开政府信息情况", "主动公开政府信息"),
    "requests": (
        "收到和处理政府信息公开申请情况",
        "行政机关收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请",
    ),
    "review": (
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开工作被申请行政复议和提起行政诉讼情况",
        "政府信息公开行政复议及行政诉讼情况",
        "政府信息公开行政复议和行政诉讼情况",
        "政府信息公开行政复议与行政诉讼情况",
        "因政府信息公开工作被申请行政复议与提起行政诉讼情况",
        "政府信息公开行政复议、行政投诉情况",
    ),
    "problems": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题及改进情况",
        "存在问题及改进情况",
        "存在的主要问题和改进措施",
        "存在的主要问题及改进方向",
        "存在的主要问题及改进措施",
    ),
    "other": (
        "其他需要报告的事项",
        "其他事项",
        "其他需要报告事项",
        "需要说明的其他事项",
        "需要说明的其他事项与附表",
        "其他需要说明的事项",
    ),
}
SECTION_ORDER = ("overview", "active", "requests", "review", "problems", "other")
SECTION_NUMERALS = "一二三四五六"
_HEADING_NUMBER = re.compile(
    r"^\s*(?:第?([一二三四五六七八九十])(?:部分)?\s*[、.．,，:：\s]|([1-6])\s*[、．]\s*)?\s*"
)


_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[)）]\s*$")


@functools.cache
def _section_keys() -> dict[str, str]:
    return {label_key(t): name for name, titles in SECTION_TITLES.items() for t in titles}


# A heading is at most this long, and ends with a title's last character or with punctuation.
HEADING_MAX = 40
HEADING_ENDS = frozenset(title[-1] for titles in SECTION_TITLES.values() for title in titles)


@functools.lru_cache(maxsize=4096)
def match_heading(line: str) -> tuple[str, str | None] | None:
    """``(section, numeral)`` when ``line`` is a section heading, else ``None`` (cached: the
    lexer and the heading-number check ask for the same lines)."""
    if len(line) > HEADING_MAX:
        return None
    m = _HEADING_NUMBER.match(line)
    numeral = (m.group(1) or m.group(2)) if m else None
    rest = line[m.end() :] if m else line
    if rest.startswith(("（", "(")):
        return None
    key = label_key(rest)
    name = _section_keys().get(key)
    if name is None and key.endswith(("。", "：")):
        name = _section_keys().get(key[:-1])
    if name is None and rest.rstrip().endswith(("）", ")")):
        # a bracketed note after the title: 二、主动公开政府信息情况（有关情况附表）
        name = _section_keys().get(label_key(_TRAILING_NOTE.sub("", rest)))
    if name is None:
        return None
    return name, numeral


# --- table 二 ----------------------------------------------------------------------------------

ACTIVE_ROW_WIDTH = 4
"""The most value cells a row of table 二 has (2019: 上年项目数量, 本年增/减, 处理决定数量, 金额)."""

BLOCK_TITLE = re.compile(r"第\s*二\s*十\s*条\s*第?\s*[(（]?\s*([一二三四五六七八九十])\s*[)）]?\s*项")


def _fields(cls: type[Any]) -> Iterator[attrs.Attribute[Any]]:
    yield from attrs.fields(cls)


@frozen
class ActiveRow:
    """A row of table 二: its model attribute, label, block numeral and column attributes."""

    name: str
    label: str
    block: str
    columns: tuple[str, ...]
    column_labels: tuple[str, ...]


@functools.cache
def active_rows(edition: str) -> tuple[ActiveRow, ...]:
    """The rows of table 二 of ``edition``, in order."""
    cls = ActiveDisclosure2019 if edition == "2019" else ActiveDisclosure2021
    rows = []
    for a in _fields(cls):
        sub = a.default.factory  # type: ignore[union-attr]
        block_m = BLOCK_TITLE.search(a.metadata["block"])
        assert block_m is not None
        cols = tuple(c.name for c in attrs.fields(sub))
        labels = tuple(c.metadata["label"] for c in attrs.fields(sub))
        rows.append(ActiveRow(a.name, a.metadata["label"], block_m.group(1), cols, labels))
    return tuple(rows)


# Column labels that only one edition uses (spec §9.5), as label keys.
EDITION_MARKERS: dict[str, tuple[str, ...]] = {
    "2019": (
        "本年新制作数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增减",
        "其他对外管理服务事项",
        "第二十条第九项",
        "采购项目数量",
        "政府集中采购",
    ),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
}
# Table 二 row label aliases (label key → row name).
ACTIVE_ROW_ALIASES: dict[str, str] = {
    "规章": "regulations",
    "规范性文件": "normative_documents",
    "行政规范性文件": "normative_documents",
    # OpenCC t2s turns 文件 written in traditional script into 档案 in some phrases
    "规范性档案": "normative_documents",
    "行政规范性档案": "normative_documents",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_services",
    "行政处罚": "punishment",
    "行政强制": "coercion",
    "行政事业性收费": "fees",
    "政府集中采购": "procurement",
}

# --- table 三 ----------------------------------------------------------------------------------

REQUEST_ROW_WIDTH = len(APPLICANT_COLUMNS) + 1
"""The value cells of a row of table 三: one per kind of applicant, and 总计."""


REVIEW_ROW_WIDTH = 15
"""The value cells of table 四: three groups (行政复议, 未经复议直接起诉, 复议后起诉) of five."""


@frozen
class RequestRow:
    """A data row of table 三: its path below ``requests`` and every way its label is written."""

    path: str
    label: str
    keys: tuple[str, ...]


# Aliases and typos per row path (spec §9.3 and the corpus).
REQUEST_ROW_ALIASES: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收政府信息公开申请数量", "本年新收申请数量"),
    "carried_over": ("上年结转政府信息公开申请数量", "上年转结政府信息公开申请数量", "上年结转申请数量"),
    "granted": ("予以公开",),
    "partially_granted": ("部分公开区分处理的只计这一情形不计其他情形", "部分公开"),
    "denied.state_secret": ("属于国家秘密",),
    "denied.prohibited_by_law": ("其他法律行政法规禁止公开", "其他法律法规禁止公开"),
    "denied.security_stability": ("危及三安全一稳定", "三安全一稳定"),
    "denied.third_party_rights": ("保护第三方合法权益",),
    "denied.internal_affairs": ("属于三类内部事务信息",),
    "denied.process_info": ("属于四类过程性信息",),
    "denied.enforcement_files": ("属于行政执法案卷",),
    "denied.administrative_query": ("属于行政查询事项",),
    "unable.not_held": ("本机关不掌握相关政府信息", "不掌握相关政府信息"),
    "unable.needs_creation": ("没有现成信息需要另行制作",),
    "unable.unclear": ("补正后申请内容仍不明确", "申请内容不明确"),
    "not_processed.petition": ("信访举报投诉类申请",),
    "not_processed.duplicate": ("重复申请",),
    "not_processed.publication": ("要求提供公开出版物",),
    "not_processed.excessive": ("无正当理由大量反复申请",),
    "not_processed.confirmation": (
        "要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具以获取信息",
        "要求行政机关确认或重新出具",
    ),
    "other_handling": ("六其他处理", "其他处理"),
    "other_handling.no_correction": (
        "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
        "逾期不补正",
    ),
    "other_handling.unpaid_fee": (
        "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
        "逾期未缴费",
    ),
    "other_handling.other": ("3其他",),
    "results_total": ("七总计", "办理结果总计", "本年度办理结果总计", "七合计"),
    "carried_forward": (
        "结转下年度继续办理",
        "转结下年度继续办理",
        "结转下半年度继续办理",
        "结转下一年度继续办理",
        "结转下年",
    ),
}
# Group labels: structure, no numbers of their own.
REQUEST_GROUPS = (
    "三本年度办理结果",
    "本年度办理结果",
    "三不予公开",
    "四无法提供",
    "五不予处理",
    "六其他处理",
)
# The first words of the longer row labels, as written (punctuation kept out): enough to find a row
# in text that lost its line breaks (:mod:`govinfo.segment`); rows not named here are found by
# their whole label.
REQUEST_ROW_ANCHORS: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收",),
    "carried_over": ("上年结转", "上年转结"),
    "partially_granted": ("部分公开",),
    "denied.security_stability": ("危及",),
    "other_handling.no_correction": ("申请人无正当理由逾期不补正",),
    "other_handling.unpaid_fee": ("申请人逾期未按收费通知",),
    "other_handling.other": ("其他",),
    "results_total": ("总计", "合计"),
    "carried_forward": ("结转下", "转结下"),
    "unable.unclear": ("补正后申请内容",),
    "not_processed.confirmation": ("要求行政机关确认",),
}
REQUEST_HEADER_WORDS = (
    "本列数据的勾稽关系为",
    "第一项加第二项之和",
    "等于第三项加第四项之和",
    "申请人情况",
    "法人或其他组织",
)


def _request_paths(cls: type[Any]) -> Iterator[tuple[str, str]]:
    """``(path, label)`` of every data row of a table 三 class (the rows of applicant counts)."""
    rows: dict[str, str] = {}
    for cell in cell_fields(cls, "requests"):
        rows.setdefault(cell.key.split(".", 1)[1].rsplit(".", 1)[0], cell.parents[-1].metadata["label"])
    yield from rows.items()


@functools.cache
def request_rows(edition: str) -> tuple[RequestRow, ...]:
    """The data rows of table 三 of ``edition``, in order, with their label keys."""
    cls = RequestTable2019 if edition == "2019" else RequestTable2021
    rows = []
    for path, label in _request_paths(cls):
        rows.append(RequestRow(path, label, tuple(label_key(a) for a in REQUEST_ROW_ALIASES[path])))
    return tuple(rows)


@functools.cache
def request_aliases() -> dict[str, str]:
    """Every label key of a table 三 row, in both editions → the row's path."""
    aliases: dict[str, str] = {}
    for edition in ("2019", "2021"):
        for row in request_rows(edition):
            for key in row.keys:
                aliases.setdefault(key, row.path)
    return aliases
