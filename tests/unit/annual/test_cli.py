"""``gongkai extract`` and ``gongkai check`` through ``gongkai.cli.main``: output and exit codes."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import docx
import pytest
from bench.synth import random_report, render_docx, render_pdf, render_text
from reportlab.pdfgen import canvas

from gongkai.annual.format import APPLICATION_ROW_KEYS, FORMAT_ID, REVIEW_GROUP_KEYS
from gongkai.annual.model import Report
from gongkai.cli import main

ACTIVE_KEYS = {
    "rules",
    "normative_documents",
    "licensing",
    "penalty",
    "enforcement",
    "fees_wan_yuan",
}
GROUP_KEYS = {"refused", "unable", "not_processed", "other"}


def _report(seed: int = 7, *, collapse: bool = False) -> Report:
    """A generated report with consistent figures; (六)其他处理 as one row if ``collapse``."""
    rng = random.Random(seed)
    report = random_report(rng)
    while "other" in report.applications:  # the generator folded the group: draw again
        report = random_report(rng)
    if collapse:
        subs = ("other_1", "other_2", "other_3")
        report.applications["other"] = [
            sum(report.applications[k][c] or 0 for k in subs) for c in range(7)
        ]
        for key in subs:
            report.applications[key] = [None] * 7
    return report


@pytest.fixture
def good_txt(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(render_text(_report()), encoding="utf-8")
    return path


def _bad_report_text() -> str:
    """A report whose 一 + 二 = （七）+ 四 balance is broken in the 自然人 column."""
    report = _report(11)
    new = report.applications["new"]
    assert new[0] is not None and new[6] is not None
    new[0] += 5
    new[6] += 5
    return render_text(report)


def _scan_pdf() -> bytes:
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawImage(ImageReader(Image.new("L", (100, 140), 255)), 40, 300, 300, 420)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _unrelated_docx() -> bytes:
    document = docx.Document()
    document.add_heading("关于召开2024年度工作会议的通知", level=1)
    document.add_paragraph("各科室：定于下周一上午九时在三楼会议室召开年度工作会议，请准时参加。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "时间"
    table.cell(0, 1).text = "地点"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


OLD_FORMAT = """某县人民政府2019年政府信息公开工作年度报告
一、总体情况
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量
规章\t0\t0\t0
规范性文件\t3\t3\t40
第二十条第（五）项
信息内容\t上一年项目数量\t本年增/减\t处理决定数量
行政许可\t10\t0\t200
其他对外管理服务事项\t2\t0\t5
第二十条第（九）项
信息内容\t采购项目数量\t采购总金额
政府集中采购\t3\t12.5
"""


# --------------------------------------------------------------------------------------
# extract
# --------------------------------------------------------------------------------------


def test_extract_json_shape(good_txt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(good_txt), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == [
        "format",
        "agency",
        "year",
        "active",
        "applications",
        "reviews",
        "findings",
    ]
    assert data["format"] == FORMAT_ID
    assert set(data["active"]) == ACTIVE_KEYS
    assert set(APPLICATION_ROW_KEYS) <= set(data["applications"])
    assert set(data["applications"]) - set(APPLICATION_ROW_KEYS) <= GROUP_KEYS
    assert len(APPLICATION_ROW_KEYS) == 25
    assert all(len(cells) == 7 for cells in data["applications"].values())
    assert set(data["reviews"]) == set(REVIEW_GROUP_KEYS)
    assert all(len(cells) == 5 for cells in data["reviews"].values())
    for finding in data["findings"]:
        assert {"code", "severity", "where", "message"} <= set(finding)
        assert finding["severity"] in {"error", "warning"}
    expected = _report().to_json()
    for key in ("year", "active", "applications", "reviews"):
        assert data[key] == expected[key]


def test_extract_json_group_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "collapsed.docx"
    path.write_bytes(render_docx(_report(3, collapse=True)))
    assert main(["extract", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["applications"]["other_1"] == [None] * 7
    assert data["applications"]["other"] == _report(3, collapse=True).applications["other"]


def test_extract_human_table(good_txt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(good_txt)]) == 0
    out = capsys.readouterr().out
    report = _report()
    assert f"机关：{report.agency}" in out
    assert "三、收到和处理政府信息公开申请情况" in out
    assert "本年新收政府信息公开申请数量" in out
    assert str(report.applications["new"][6]) in out


def test_extract_several_files_json_lines(
    tmp_path: Path, good_txt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "b.pdf"
    pdf.write_bytes(render_pdf(_report(8)))
    empty = tmp_path / "c.txt"
    empty.write_bytes(b"")
    assert main(["extract", "--json", str(good_txt), str(pdf), str(empty)]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [line["file"] for line in lines] == [str(good_txt), str(pdf), str(empty)]
    assert lines[0]["format"] == FORMAT_ID
    assert lines[1]["applications"] == _report(8).to_json()["applications"]
    assert lines[2]["error"]["kind"] == "empty"
    assert captured.err.strip() == f"{empty}: 文件是空的 (the file is empty)"


def test_extract_directory_is_recursive_and_skips_hidden(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(render_text(_report(1)), encoding="utf-8")
    (tmp_path / "b.docx").write_bytes(render_docx(_report(2)))
    (tmp_path / ".hidden" / "c.txt").write_text("garbage", encoding="utf-8")
    (tmp_path / "expected.json").write_text("{}", encoding="utf-8")
    assert main(["extract", "--json", str(tmp_path)]) == 0
    files = [json.loads(line)["file"] for line in capsys.readouterr().out.splitlines()]
    assert files == [str(tmp_path / "b.docx"), str(tmp_path / "sub" / "a.txt")]


def test_extract_empty_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path)]) == 2
    assert "没有可读取的报告文件" in capsys.readouterr().err


def test_extract_reads_gongkai_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "figures.json"
    path.write_text(json.dumps(_report().to_json()), encoding="utf-8")
    assert main(["extract", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["reviews"] == _report().to_json()["reviews"]


# --------------------------------------------------------------------------------------
# Files that are not 2021-format reports: exit 2, one line on stderr, no traceback
# --------------------------------------------------------------------------------------

UNREADABLE: dict[str, tuple[bytes, str]] = {
    "damaged.pdf": (b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog", "PDF 文件已损坏"),
    "scan.pdf": (_scan_pdf(), "扫描版 PDF，没有文字层"),
    "notice.docx": (_unrelated_docx(), "不是政府信息公开工作年度报告"),
    "old.txt": (OLD_FORMAT.encode("gb18030"), "2019 年试行格式"),
    "old.doc": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "WordDocument".encode("utf-16-le"),
        "不支持旧版 Word .doc 格式，请另存为 .docx",
    ),
    "empty.txt": (b"", "文件是空的"),
    "random.bin": (random.Random(5).randbytes(4096), "不支持的文件类型"),
}


@pytest.mark.parametrize("command", ["extract", "check"])
@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_file_exit_2(
    name: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, reason = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert main([command, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.rstrip("\n")
    assert "\n" not in err and "Traceback" not in err
    assert err.startswith(f"{path}: ")
    assert reason in err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(tmp_path / "nope.pdf")]) == 2
    assert "文件不存在" in capsys.readouterr().err


def test_usage_error_is_a_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract"]) == 2
    assert main(["check", "--help"]) == 0
    assert "--previous" in capsys.readouterr().out


# --------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------


def test_check_consistent_report_exit_0(good_txt: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(good_txt)])
    out = capsys.readouterr().out
    assert status == 0, out
    for line in out.splitlines():
        assert line.startswith(f"{good_txt}: ")
        assert " error " not in line


def test_check_finds_an_error_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(_bad_report_text(), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    errors = [line for line in lines if line.startswith(f"{path}: error ")]
    assert errors, lines
    # file: severity code where: message
    file_part, rest = errors[0].split(": ", 1)
    severity, code, where_and_message = rest.split(" ", 2)
    assert (file_part, severity) == (str(path), "error")
    assert code and ": " in where_and_message


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(_bad_report_text(), encoding="utf-8")
    assert main(["check", "--json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == str(path)
    assert any(f["severity"] == "error" for f in data["findings"])
    assert all({"code", "severity", "where", "message"} <= set(f) for f in data["findings"])


def test_check_status_is_the_max_over_files(
    tmp_path: Path, good_txt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(_bad_report_text(), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["check", str(good_txt), str(bad)]) == 1
    assert main(["check", str(empty), str(bad), str(good_txt)]) == 2
    captured = capsys.readouterr()
    assert f"{bad}: error" in captured.out  # the other files are still processed
    assert str(empty) in captured.err


def test_check_previous_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    this_year = _report(21)
    last_year = _report(22)
    assert this_year.year is not None
    last_year.year = this_year.year - 1
    last_year.agency = this_year.agency
    current = tmp_path / "this.txt"
    previous = tmp_path / "last.txt"
    current.write_text(render_text(this_year), encoding="utf-8")
    previous.write_text(render_text(last_year), encoding="utf-8")
    status = main(["check", "--json", str(current), "--previous", str(previous)])
    data = json.loads(capsys.readouterr().out)
    assert status in (0, 1)
    assert isinstance(data["findings"], list)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    assert main(["check", str(current), "--previous", str(broken)]) == 2
    assert "上一年度报告无法读取" in capsys.readouterr().err


def test_no_progress_bar_when_piped(
    tmp_path: Path, good_txt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.txt"
    other.write_text(render_text(_report(9)), encoding="utf-8")
    assert main(["check", str(good_txt), str(other)]) == 0
    assert capsys.readouterr().err == ""


def test_check_jobs_gives_the_same_output_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(6):
        report = random_report(random.Random(n))
        (tmp_path / f"r{n}.txt").write_text(render_text(report), "utf-8")
    (tmp_path / "r9.txt").write_text("通知\n请各单位按时报送。\n", "utf-8")
    one = main(["check", str(tmp_path)])
    out_one = capsys.readouterr()
    two = main(["check", str(tmp_path), "--jobs", "2"])
    out_two = capsys.readouterr()
    every = main(["check", str(tmp_path), "-j", "0"])
    out_every = capsys.readouterr()
    assert one == two == every == 2  # the notice is not a report
    assert out_one.out == out_two.out == out_every.out
    assert out_one.err == out_two.err and "r9.txt" in out_two.err


def test_a_bug_in_a_reader_is_an_internal_error_not_a_refusal(
    good_txt: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gongkai.annual.cli as annual_cli

    def broken(path: object) -> Report:
        raise KeyError("a bug")

    monkeypatch.setattr(annual_cli, "read_path", broken)
    assert main(["check", str(good_txt)]) == 3
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "内部错误" in line)
    assert "编号" in line and "不是对文件的判断" in line
