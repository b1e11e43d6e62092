"""Segmentation of text that lost its lines, and the table shapes around it: extra tables, header
units, unread tables named."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings

import govinfo
from govinfo.model import ActiveDisclosure2019, Report
from govinfo.segment import segment
from helpers.strategies import consistent_reports

REQUESTS_DUMP = (
    "三、收到和处理政府信息公开申请情况 （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） "
    "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 "
    "一、本年新收政府信息公开申请数量 3000003二、上年结转政府信息公开申请数量 0000000"
    "三、本年度办理结果 （一）予以公开 2000002（三）不予公开 1.属于国家秘密 "
    "00000002.其他法律行政法规禁止公开 1000001"
)


def test_a_dump_line_is_cut_at_headings_and_rows() -> None:
    pieces = [text for _number, text in segment([(7, REQUESTS_DUMP)])]
    assert pieces[0] == "三、收到和处理政府信息公开申请情况"
    assert "一、本年新收政府信息公开申请数量 3000003" in pieces
    assert "二、上年结转政府信息公开申请数量 0000000" in pieces
    # the numbering glued to the digits of the row before goes back to its label
    assert "1.属于国家秘密 0000000" in pieces
    assert "2.其他法律行政法规禁止公开 1000001" in pieces
    assert all(number == 7 for number, _text in segment([(7, REQUESTS_DUMP)]))


def test_lines_with_fewer_than_three_labels_are_kept() -> None:
    lines = [
        (1, "（三）不予公开  1.属于国家秘密  0  0  0  0  0  0  0"),
        (2, "本报告由总体情况、主动公开政府信息情况等六个部分组成，全年收到申请3件。"),
        (3, "\t一、本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t21\t二、上年结转\t0"),
    ]
    assert segment(lines) == lines


@settings(max_examples=30)
@given(report=consistent_reports())
def test_a_report_with_its_lines_joined_reads_its_tables(report: Report) -> None:
    """The one-cell-per-line copy with every line break removed (the title kept on its own line):
    every value comes back, or is None with a diagnostic naming it."""
    lines = govinfo.render(report, "lines").split("\n")
    parsed = govinfo.parse(lines[0] + "\n" + "".join(lines[1:]))
    want, got = govinfo.facts(report), govinfo.facts(parsed)
    diagnosed = {k for d in parsed.diagnostics for k in d.keys}
    abstained = {k for k in diagnosed if got.get(k) is None}
    wrong = {k: (v, got[k]) for k, v in want.items() if got[k] != v and k not in abstained}
    assert not wrong
    requests = [k for k in want if k.startswith("requests.") and want[k] is not None]
    read = [k for k in requests if got[k] == want[k]]
    assert len(read) >= len(requests) // 2  # the rows were found, not abstained


@settings(max_examples=20)
@given(report=consistent_reports())
def test_a_table_after_table_four_is_not_table_four(report: Report) -> None:
    text = govinfo.render(report, "tsv")
    extra = "五、信息处理费收取情况\n通知收取件数\t通知收取金额（元）\t实际收取金额（元）\n7\t8\t9\n"
    at = text.index("五、存在的主要问题")
    parsed = govinfo.parse(text[:at] + extra + text[at:].replace("五、存在", "六、存在", 1))
    assert govinfo.facts(parsed) | {"meta.edition": None} == govinfo.facts(report) | {"meta.edition": None}


def test_a_unit_in_a_column_header_applies_to_its_cells() -> None:
    report = govinfo.parse_file(Path(__file__).parent / "golden" / "pingtan-jinjing-2020.html")
    assert isinstance(report.active, ActiveDisclosure2019)
    assert report.active.procurement.amount == Decimal("881.0055")  # 8810055 元 under 采购总金额（元）


def test_tables_not_found_are_named_key_by_key() -> None:
    report = govinfo.parse("某某局2023年政府信息公开工作年度报告\n一、总体情况\n今年工作平稳。\n")
    named = {k for d in report.diagnostics for k in d.keys}
    for edition in ("2019", "2021"):
        table_keys = [k for k in govinfo.fact_keys(edition) if not k.startswith(("meta.", "stated."))]
        assert set(table_keys) <= named
