"""Agency, year and publication date: title variants of other cities and years, page chrome and
signatures, HTML properties, agency_key, and the measurement on realdev (every input kind)."""
import json
from pathlib import Path

import pytest

from tablerecover.html import flatten_html
from tablerecover.io import read_input
from tablerecover.metadata import agency_key, extract_meta
from tablerecover.metadata.dates import contains_date, contains_year, find_dates
from tablerecover.evaluation.metadata import META_FIELDS, in_text, score_meta, tally_meta
from tablerecover.normalise import normalise_text

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "realdev"


def meta_of(text: str, properties: dict | None = None):
    return extract_meta(normalise_text(text), properties)


@pytest.mark.parametrize("title, agency, year", [
    ("武侯区人民政府2022年政府信息公开工作年度报告", "武侯区人民政府", 2022),
    ("成都市武侯区教育局2020年度政府信息公开工作报告", "成都市武侯区教育局", 2020),
    ("南京市鼓楼区卫生健康委员会关于2021年政府信息公开工作年度报告", "南京市鼓楼区卫生健康委员会", 2021),
    ("天河区民政局政府信息公开工作2019年度报告", "天河区民政局", 2019),
    ("西湖区人民政府办公室2023年政府信息公开工作年度报告", "西湖区人民政府办公室", 2023),
    ("某某县人民政府二〇二四年度政府信息公开工作年度报告", "某某县人民政府", 2024),
    ("标题: 衢州市柯城区人民政府2019年政府信息公开工作年度报告", "衢州市柯城区人民政府", 2019),
    ("# 金川区财政局 2024 年政府信息公开工作年度报告", "金川区财政局", 2024),
    ("| 標題: | 張店區應急管理局2023年政府信息公開工作年度報告 | |", "张店区应急管理局", 2023),
    ("2021年度莆田市科技局政府信息公开工作年度报告", "莆田市科技局", 2021),
    ("2022年莆田市政府信息公开工作年度报告", "莆田市政府", 2022),
    ("某某市机构编制委员会办公室2021年政府信息公开工作年度报告", "某某市机构编制委员会办公室", 2021),
    ("某某区司法局2023年政务公开工作年度报告", "某某区司法局", 2023),
    ("衢州市2023年政府信息公开工作年度报告", "衢州市", 2023),
])
def test_title_variants(title, agency, year):
    m = meta_of(f"首页 > 政府信息公开\n{title}\n一、总体情况\n2023年，我局认真贯彻《条例》。\n")
    assert (m.agency, m.year) == (agency, year)
    assert m.detail["agency"].source == "line 2" and m.detail["agency"].confidence >= 0.9


def test_a_title_wrapped_by_pdf_text_and_one_whose_year_moved_are_read():
    wrapped = meta_of("莆田市城市管理局2021年度政府信息公开工作年度\n报告\n发布时间：2022-01-13 11:47\n")
    assert (wrapped.agency, wrapped.year) == ("莆田市城市管理局", 2021)
    assert wrapped.detail["agency"].source == "lines 1-2"
    # pdfplumber drops the year from the title line; the statistics period gives it.
    moved = meta_of("莆⽥市⽔利局 年度政府信息公开⼯作年度\n报告\n统计期限自2020年1月1日起至2020年12月31日止。\n")
    assert (moved.agency, moved.year) == ("莆田市水利局", 2020)
    assert moved.detail["year"].source == "line 3"


def test_a_title_quoted_in_prose_loses_the_words_before_it():
    m = meta_of("根据《条例》要求，特向社会公布衢州市柯城区人民政府办公室2023年政府信息公开工作年度报告。\n")
    assert (m.agency, m.year) == ("衢州市柯城区人民政府办公室", 2023)
    assert m.detail["agency"].confidence < 0.9
    # A notice's title is no agency: 福建省人民政府办公厅关于做好… is not the issuer.
    notice = meta_of("根据《福建省人民政府办公厅关于做好2019年政府信息公开工作年度报告编制发布工作的通知》要求，制定本报告。\n")
    assert notice.agency is None and notice.year == 2019


def test_a_page_without_a_title_takes_the_agency_from_its_source_line():
    m = meta_of("2021年政府信息公开工作年度报告\n来源：淄博市张店区应急管理局 发布时间：2022-01-25 10:31\n")
    assert (m.agency, m.year, m.published) == ("淄博市张店区应急管理局", 2021, "2022-01-25")
    assert m.detail["agency"].confidence == 0.6


@pytest.mark.parametrize("chrome, date", [
    ("发布时间：2020-01-20 10:31", "2020-01-20"),
    ("日期：2020-01-20", "2020-01-20"),
    ("成文日期: | 2021-01-22 | 公开方式: | 主动公开 |", "2021-01-22"),
    ("更新时间:2020-12-10 16:41 发布时间: |  来源:民权街道办事处", "2020-12-10"),
    ("时间： 2020-03-05 16:49", "2020-03-05"),
    ("发布日期：2025年01月15日", "2025-01-15"),
    ("發布日期:2024/1/17", "2024-01-17"),
])
def test_page_dates(chrome, date):
    m = meta_of(f"某某区民政局2019年政府信息公开工作年度报告\n{chrome}\n一、总体情况\n统计时间：2019年1月1日至12月31日\n")
    assert m.published == date and m.detail["published"].kind == "page"


def test_the_date_under_the_signature_when_the_page_has_none_and_kept_aside_when_it_has():
    body = "一、总体情况\n统计期限自2022年1月1日起至2022年12月31日止。\n六、其他需要报告的事项\n无。\n"
    signed = meta_of(body + "南山区城市管理和综合执法局\n二〇二三年一月二十日\n")
    assert (signed.agency, signed.year, signed.published) == ("南山区城市管理和综合执法局", 2022, "2023-01-20")
    assert signed.detail["published"].kind == "signature" and signed.detail["agency"].confidence == 0.5
    both = meta_of("南山区民政局2022年政府信息公开工作年度报告\n发布时间：2023-01-31 09:00\n" + body + "\n2023年1月28日\n")
    assert both.published == "2023-01-31" and both.detail["published"].kind == "page"
    assert both.detail["signed"].value == "2023-01-28" and both.detail["signed"].kind == "signature"


def test_html_title_and_meta_tags_are_properties_and_win_with_their_provenance():
    page = ("<html><head><title>莆田市城市管理局2021年度政府信息公开工作年度报告_莆田市人民政府</title>"
            "<meta name='PubDate' content='2022-01-13 11:47'><meta name=\"ContentSource\" content=\"莆田市城市管理局\">"
            "</head><body><div>首页 &gt; 信息公开</div><p>一、总体情况</p></body></html>")
    text, props = flatten_html(page)
    assert props == {"title": "莆田市城市管理局2021年度政府信息公开工作年度报告_莆田市人民政府",
                     "pubdate": "2022-01-13 11:47", "contentsource": "莆田市城市管理局"}
    assert "莆田市城市管理局2021" not in text  # the title is a property, not a line
    m = extract_meta(normalise_text(text), props)
    assert (m.agency, m.year, m.published) == ("莆田市城市管理局", 2021, "2022-01-13")
    assert m.detail["agency"].source == "html:title" and m.detail["published"].source == "html:meta[pubdate]"


def test_a_real_page_reads_its_meta_tags():
    inp = read_input(REALDEV / "ptc-szf2019.html")
    assert inp.properties["articletitle"] == "莆田市人民政府2019年政府信息公开工作年度报告"
    m = extract_meta(normalise_text(inp.text), inp.properties)
    assert (m.agency, m.year, m.published) == ("莆田市人民政府", 2019, "2020-03-05")
    assert m.detail["agency"].source == "html:meta[articletitle]"


@pytest.mark.parametrize("a, b", [
    ("福建省莆田市城市管理局", "莆田市城市管理局"),
    ("莆田市城市管理局（本级）", "莆田市 城市管理局"),
    ("張店區應急管理局", "张店区应急管理局"),
    ("广西壮族自治区南宁市民政局", "南宁市民政局"),
    ("ＸＸ区人民政府", "XX区人民政府"),
    ("莆田市政府办公室", "莆田市人民政府办公室"),
])
def test_agency_key_groups_spellings_of_one_agency(a, b):
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize("a, b", [
    ("西湖区人民政府办公室", "西湖区人民政府"),
    ("福建省人民政府", "莆田市人民政府"),
    ("莆田市城市管理局", "福州市城市管理局"),
])
def test_agency_key_keeps_different_agencies_apart(a, b):
    assert agency_key(a) != agency_key(b)


def test_agency_key_keeps_a_provinces_own_bodies_whole():
    assert agency_key("福建省人民政府") == "福建省人民政府"
    assert agency_key("福建省 教育厅（本级）") == "福建省教育厅"
    assert agency_key(None) is None and agency_key("") is None


def test_dates_in_every_printed_form():
    for printed in ("2020-01-20", "2020/1/20", "2020.01.20", "2020年1月20日", "2020 年 01 月 20 日",
                    "2020\n年\n1\n月\n20\n日", "二〇二〇年一月二十日"):
        assert contains_date(printed, "2020-01-20"), printed
    assert not contains_date("2020-01-201", "2020-01-20") and not contains_date("12020-01-20", "2020-01-20")
    assert find_dates("2020-13-01 2021-02-30") == [] and find_dates("于2021年2月3日") == [(1, 9, "2021-02-03")]


def test_years_as_printed():
    assert contains_year("莆田市审计局 2020 年度报告", 2020) and contains_year("二〇二〇年度", 2020)
    assert contains_year("二○二○\n年", 2020) and not contains_year("二〇二一年", 2020)
    assert not contains_year("12020年", 2020) and not contains_year("发文 2020-05-01", 2020)


def test_score_counts_only_what_the_text_prints_and_agencies_as_written():
    gold = {"agency": "莆田市城市管理局", "year": 2021, "published": "2022-01-13"}
    text = "莆田市 城市管理局 2021 年度报告 2022年1月12日"
    assert in_text("agency", gold["agency"], text) and in_text("year", 2021, text)
    assert not in_text("published", gold["published"], text)
    got = {"agency": "莆田市城市管理局", "year": 2021, "published": "2022年1月12日"}
    s = score_meta(got, gold, text)
    assert {f: (x.outcome, x.in_text) for f, x in s.items()} == {
        "agency": ("right", True), "year": ("right", True), "published": ("wrong", False)}
    # One body, another spelling: agency_key groups them, the score does not (the contract: as written).
    assert agency_key("福建省莆田市城市管理局") == agency_key(gold["agency"])
    assert score_meta({"agency": "福建省莆田市城市管理局"}, gold, text)["agency"].outcome == "wrong"
    assert score_meta({"agency": "莆田市城市管理局（本级）"}, gold, text)["agency"].outcome == "wrong"
    # Character normalisation is no other spelling: Traditional script and radicals read as report text.
    assert score_meta({"agency": "莆⽥市城市管理局"}, gold, "")["agency"].outcome == "right"
    assert score_meta({}, {"agency": "张店区应急管理局"}, "張店區 應急管理局")["agency"].in_text
    assert score_meta({"year": None}, gold, text)["year"].outcome == "missing"


def _realdev_inputs():
    for gold in sorted(REALDEV.glob("*.gold.json")):
        stem = gold.name[: -len(".gold.json")]
        meta = json.loads(gold.read_text(encoding="utf-8"))["meta"]
        for path in [REALDEV / f"{stem}.html", REALDEV / f"{stem}.page.txt"]:
            yield str(path), meta
    for gold in sorted((REALDEV / "cases").glob("*.gold.json")):
        yield str(gold)[: -len(".gold.json")] + ".txt", json.loads(gold.read_text(encoding="utf-8"))["meta"]


@pytest.mark.skipif(not REALDEV.exists(), reason="needs ../shared/realdev")
def test_realdev_metadata_is_right_wherever_the_text_prints_it():
    pairs = list(_realdev_inputs())
    assert len(pairs) == 78 + 12
    scores = []
    for path, gold_meta in pairs:
        inp = read_input(path)
        m = extract_meta(normalise_text(inp.text), inp.properties)
        printed = Path(path).read_text(encoding="utf-8", errors="replace")  # what the input prints, tags and all
        scores.append(score_meta({"agency": m.agency, "year": m.year, "published": m.published}, gold_meta, printed))
    tally = tally_meta(scores)
    for f in META_FIELDS:
        t = tally[f]
        assert t.in_text >= 80 and t.accuracy_in_text >= 0.98, (f, t)
        assert t.wrong <= 3, (f, t)  # wrong only where the text lacks the gold (a signature date)


def test_a_pdf_creation_date_is_the_last_resort_and_only_after_the_report_year():
    lines = ["某某局2021年政府信息公开工作年度报告", "一、总体情况"]
    made = extract_meta(lines, {"title": "年报", "creationdate": "D:20220113114700+08'00'"})
    assert made.published == "2022-01-13" and made.detail["published"].source == "pdf:meta[creationdate]"
    assert made.detail["published"].kind == "file" and made.detail["published"].confidence == 0.5
    printed_later = extract_meta(lines, {"creationdate": "D:20260113114700+08'00'"})  # printed years on
    assert printed_later.published is None
    signed = extract_meta(lines + ["某某局", "2022年1月10日"], {"creationdate": "D:20220113114700"})
    assert signed.published == "2022-01-10" and signed.detail["published"].kind == "signature"


@pytest.mark.skipif(not REALDEV.exists(), reason="needs ../shared/realdev")
def test_a_printed_pdf_reads_its_title_property_with_the_site_name_after_it():
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(REALDEV / "pta-cg2021.print.pdf")
    # The properties as the PDF reader keeps them: the info dictionary keyed in lower case.
    props = {k.lstrip("/").lower(): str(v) for k, v in (reader.metadata or {}).items()}
    assert props["title"].endswith("_ 政府信息公开年报 _ 莆田市城市管理局")
    m = extract_meta(normalise_text("\n".join(p.extract_text() for p in reader.pages)), props)
    assert (m.agency, m.year, m.published) == ("莆田市城市管理局", 2021, "2022-01-13")
    assert m.detail["agency"].source == "pdf:title" and m.detail["published"].kind == "page"
    assert m.detail["signed"].value == "2022-01-12"  # the date under the signature differs by a day
