"""The 2021 national annual-report format (国办公开办函〔2021〕30号) as data.

One definition of the six sections, the rows and columns of tables 二, 三 and 四 with
their official Chinese labels. The checks, readers, writers and the Django side all use
these tables; nothing else in the code spells a row or a column.

条例第五十条 fixes the contents of the report; 30号 fixes the layout (see DOMAIN.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "gongkai.annual/1"


@dataclass(frozen=True)
class Section:
    number: str  # the Chinese numeral printed before the heading: 一 … 六
    key: str
    title: str


#: 30号: six fixed sections, in this order.
SECTIONS: tuple[Section, ...] = (
    Section("一", "overview", "总体情况"),
    Section("二", "active", "主动公开政府信息情况"),
    Section("三", "applications", "收到和处理政府信息公开申请情况"),
    Section("四", "reviews", "政府信息公开行政复议、行政诉讼情况"),
    Section("五", "problems", "存在的主要问题及改进情况"),
    Section("六", "other", "其他需要报告的事项"),
)

# ---------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况 (条例第二十条第（一）（五）（六）（八）项)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveRow:
    key: str
    label: str
    item: str  # the 第二十条 item the block is captioned with
    columns: tuple[str, ...]


ACTIVE_DOCUMENT_COLUMNS = ("本年制发件数", "本年废止件数", "现行有效件数")
ACTIVE_ROWS: tuple[ActiveRow, ...] = (
    ActiveRow("rules", "规章", "第二十条第（一）项", ACTIVE_DOCUMENT_COLUMNS),
    ActiveRow(
        "normative_documents", "行政规范性文件", "第二十条第（一）项", ACTIVE_DOCUMENT_COLUMNS
    ),
    ActiveRow("licensing", "行政许可", "第二十条第（五）项", ("本年处理决定数量",)),
    ActiveRow("penalty", "行政处罚", "第二十条第（六）项", ("本年处理决定数量",)),
    ActiveRow("enforcement", "行政强制", "第二十条第（六）项", ("本年处理决定数量",)),
    ActiveRow(
        "fees_wan_yuan", "行政事业性收费", "第二十条第（八）项", ("本年收费金额（单位：万元）",)
    ),
)
ACTIVE_BY_KEY = {row.key: row for row in ACTIVE_ROWS}

# ---------------------------------------------------------------------------
# Table 三: 收到和处理政府信息公开申请情况 (25 rows × 7 columns)
# ---------------------------------------------------------------------------

#: Column keys and labels, in the printed order. 法人或其他组织 spans columns 2–6 and has
#: no subtotal column of its own.
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_COLUMN_KEYS = tuple(key for key, _ in APPLICANT_COLUMNS)
APPLICANT_COLUMN_LABELS = tuple(label for _, label in APPLICANT_COLUMNS)
LEGAL_PERSON_GROUP_LABEL = "法人或其他组织"
APPLICANT_HEADER_LABEL = "申请人情况"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
N_APPLICANT_COLUMNS = len(APPLICANT_COLUMNS)  # 7
TOTAL_COLUMN = N_APPLICANT_COLUMNS - 1


@dataclass(frozen=True)
class OutcomeGroup:
    key: str  # also the JSON key used when a report prints the group as one row
    number: str  # （三） … （六）
    label: str


OUTCOME_GROUPS: tuple[OutcomeGroup, ...] = (
    OutcomeGroup("refused", "（三）", "不予公开"),
    OutcomeGroup("unable", "（四）", "无法提供"),
    OutcomeGroup("not_processed", "（五）", "不予处理"),
    OutcomeGroup("other", "（六）", "其他处理"),
)
GROUP_BY_KEY = {g.key: g for g in OUTCOME_GROUPS}


@dataclass(frozen=True)
class ApplicationRow:
    key: str
    number: str  # the printed numbering: "一、", "（一）", "1." …
    label: str  # the official label without its numbering
    group: str | None = None  # the outcome group key for the numbered sub-rows
    is_outcome: bool = False  # counted in 三（七）总计
    basis: str = ""  # the article of the 条例 the outcome rests on (DOMAIN.md §4)


APPLICATION_ROWS: tuple[ApplicationRow, ...] = (
    ApplicationRow("new", "一、", "本年新收政府信息公开申请数量"),
    ApplicationRow("carried_in", "二、", "上年结转政府信息公开申请数量"),
    ApplicationRow(
        "granted", "（一）", "予以公开", is_outcome=True, basis="条例第三十六条第（二）项"
    ),
    ApplicationRow(
        "partly_granted",
        "（二）",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        is_outcome=True,
        basis="条例第三十七条",
    ),
    ApplicationRow("refused_1", "1.", "属于国家秘密", "refused", True, "条例第十四条"),
    ApplicationRow("refused_2", "2.", "其他法律行政法规禁止公开", "refused", True, "条例第十四条"),
    ApplicationRow("refused_3", "3.", "危及“三安全一稳定”", "refused", True, "条例第十四条"),
    ApplicationRow("refused_4", "4.", "保护第三方合法权益", "refused", True, "条例第十五条"),
    ApplicationRow(
        "refused_5", "5.", "属于三类内部事务信息", "refused", True, "条例第十六条第一款"
    ),
    ApplicationRow("refused_6", "6.", "属于四类过程性信息", "refused", True, "条例第十六条第二款"),
    ApplicationRow("refused_7", "7.", "属于行政执法案卷", "refused", True, "条例第十六条第二款"),
    ApplicationRow(
        "refused_8", "8.", "属于行政查询事项", "refused", True, "条例第三十六条第（七）项"
    ),
    ApplicationRow(
        "unable_1",
        "1.",
        "本机关不掌握相关政府信息",
        "unable",
        True,
        "条例第三十六条第（四）（五）项",
    ),
    ApplicationRow("unable_2", "2.", "没有现成信息需要另行制作", "unable", True, "条例第三十八条"),
    ApplicationRow("unable_3", "3.", "补正后申请内容仍不明确", "unable", True, "条例第三十条"),
    ApplicationRow(
        "not_processed_1", "1.", "信访举报投诉类申请", "not_processed", True, "条例第三十九条第一款"
    ),
    ApplicationRow(
        "not_processed_2", "2.", "重复申请", "not_processed", True, "条例第三十六条第（六）项"
    ),
    ApplicationRow(
        "not_processed_3", "3.", "要求提供公开出版物", "not_processed", True, "条例第三十九条第二款"
    ),
    ApplicationRow(
        "not_processed_4", "4.", "无正当理由大量反复申请", "not_processed", True, "条例第三十五条"
    ),
    ApplicationRow(
        "not_processed_5",
        "5.",
        "要求行政机关确认或重新出具已获取信息",
        "not_processed",
        True,
        "条例第二条、第三十八条",
    ),
    ApplicationRow(
        "other_1",
        "1.",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "other",
        True,
        "条例第三十条",
    ),
    ApplicationRow(
        "other_2",
        "2.",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "other",
        True,
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    ),
    ApplicationRow("other_3", "3.", "其他", "other", True, ""),
    ApplicationRow("total", "（七）", "总计"),
    ApplicationRow("carried_out", "四、", "结转下年度继续办理"),
)
APPLICATION_ROW_KEYS = tuple(row.key for row in APPLICATION_ROWS)
APPLICATION_BY_KEY = {row.key: row for row in APPLICATION_ROWS}
OUTCOME_ROW_KEYS = tuple(row.key for row in APPLICATION_ROWS if row.is_outcome)
RESULTS_BLOCK_LABEL = "三、本年度办理结果"


def group_rows(group: str) -> tuple[str, ...]:
    """The numbered sub-row keys of an outcome group, e.g. ``refused`` → refused_1…8."""
    return tuple(row.key for row in APPLICATION_ROWS if row.group == group)


# ---------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况 (3 groups × 5 cells)
# ---------------------------------------------------------------------------

REVIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
REVIEW_COLUMN_LABELS = tuple(label for _, label in REVIEW_COLUMNS)
N_REVIEW_COLUMNS = len(REVIEW_COLUMNS)  # 5


@dataclass(frozen=True)
class ReviewGroup:
    key: str
    label: str
    parent: str | None = None


REVIEW_GROUPS: tuple[ReviewGroup, ...] = (
    ReviewGroup("reconsideration", "行政复议"),
    ReviewGroup("litigation_direct", "未经复议直接起诉", "行政诉讼"),
    ReviewGroup("litigation_after_reconsideration", "复议后起诉", "行政诉讼"),
)
REVIEW_GROUP_KEYS = tuple(g.key for g in REVIEW_GROUPS)
