"""Metadata scores: right / wrong / missing per field, and whether the text printed the gold value."""
from __future__ import annotations

import pytest

from tablerecover.evaluation.document import evaluate_report
from tablerecover.evaluation.metadata import in_text, score_meta, tally_meta

GOLD = {"agency": "莆田市审计局", "year": 2020, "published": "2021-01-20"}


@pytest.mark.parametrize("text", ["发布日期：2021-01-20", "2021/1/20", "日期 2021.01.20", "2021年1月20日",
                                  "２０２１年１月２０日", "2021 年 1 月 20 日", "二〇二一年一月二十日", "二○二一年一月二十日"])
def test_a_date_is_found_in_its_printed_forms(text):
    assert in_text("published", "2021-01-20", text)


@pytest.mark.parametrize("text", ["2021-01-21", "2021年10月20日", "二〇二一年一月二十一日", "20210120", ""])
def test_another_date_is_not_the_date(text):
    assert not in_text("published", "2021-01-20", text)


def test_year_and_agency_in_text():
    assert in_text("year", 2020, "莆田市审计局2020年度政府信息公开工作年度报告")
    assert in_text("year", 2020, "二〇二〇年政府信息公开")
    assert not in_text("year", 2020, "统计期限自2021年1月1日起")
    assert not in_text("year", 2020, "发文 2020-05-01")  # a year inside a date is not "2020年"
    assert in_text("agency", "莆田市审计局", "发布机构：莆田市 审计局")   # spaces ignored
    assert in_text("agency", "莆田市(审计)局", "莆田市（审计）局")          # full width = half width
    assert not in_text("agency", "莆田市审计局", "莆田市人民政府")


def test_score_meta_outcomes():
    text = "莆田市审计局2020年度政府信息公开工作年度报告\n发布日期：2021年1月20日"
    s = score_meta({"agency": "莆田市 审计局", "year": "2020", "published": None}, GOLD, text)
    assert (s["agency"].outcome, s["year"].outcome, s["published"].outcome) == ("right", "right", "missing")
    assert all(s[f].in_text for f in s)
    s = score_meta({"agency": "莆田市人民政府", "year": 2019, "published": "2021/1/20"}, GOLD, "")
    assert (s["agency"].outcome, s["year"].outcome, s["published"].outcome) == ("wrong", "wrong", "right")
    assert not any(x.in_text for x in s.values())
    s = score_meta({"year": 2020}, {"year": 2020, "published": None}, "")
    assert s["published"].outcome == "unscored" and s["agency"].outcome == "unscored"


def test_tally_per_field_and_right_where_in_text():
    text = "莆田市审计局2020年度报告 2021-01-20"
    docs = [score_meta(GOLD, GOLD, text), score_meta({"year": 2020}, GOLD, ""), score_meta({}, {"year": 2020}, "2020年")]
    t = tally_meta(docs)
    assert (t["year"].right, t["year"].wrong, t["year"].missing, t["year"].in_text, t["year"].right_in_text) == (2, 0, 1, 2, 1)
    assert (t["agency"].scored, t["agency"].right, t["agency"].missing, t["agency"].in_text) == (2, 1, 1, 1)
    assert t["published"].accuracy_in_text == 1.0 and t["published"].accuracy == 0.5


def test_document_evaluation_scores_the_metadata_of_the_output():
    gold = {"template": "2021", "meta": GOLD, "tables": {}}
    out = {"template": "2021", "meta": {"agency": "莆田市审计局", "year": 2020, "published": None}, "tables": {}}
    doc = evaluate_report("p__lynx", out, gold, lines=["莆田市审计局2020年度政府信息公开工作年度报告", "2021年01月20日"])
    assert {f: m.outcome for f, m in doc.meta.items()} == {"agency": "right", "year": "right", "published": "missing"}
    assert doc.meta["published"].in_text
    assert doc.to_dict()["meta"]["published"] == {"gold": "2021-01-20", "output": None, "outcome": "missing", "in_text": True}


@pytest.mark.parametrize("output, outcome", [
    ("莆田市 审计局", "right"), ("莆⽥市审计局", "right"),           # white space; a radical read as report text
    ("福建省莆田市审计局", "wrong"), ("莆田市审计局（本级）", "wrong"),  # one body, another spelling: not as written
])
def test_the_agency_scores_as_written(output, outcome):
    assert score_meta({"agency": output}, GOLD, "")["agency"].outcome == outcome
