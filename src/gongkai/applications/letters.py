"""Letters to applicants and third parties: notices during processing and the reply itself.

Each builder turns plain facts into a :class:`Letter` (title, number, addressee, blocks of text,
a table where there is one, the issuing organ and date); :mod:`.letters_render` writes a letter
as DOCX and PDF. The wording follows the skeleton of an 答复书/告知书 in practice (DOMAIN.md §4)
and cites the article of the 条例 each decision rests on.

Letters that decide (the reply, and the notices that end a case) carry the remedy paragraph:
for 不予公开 and 部分公开 the reconsideration comes first (行政复议法第二十三条第一款第（四）项);
for the other outcomes a generic wording names both routes (60 days, 6 months). Notices that
decide nothing the applicant could challenge (补正, 延期, 征求意见, 收费) carry none
(最高人民法院关于审理政府信息公开行政案件若干问题的规定 第二条).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from gongkai.annual.format import APPLICATION_BY_KEY, OUTCOME_ROW_KEYS

from .fees import PAYMENT_WORKING_DAYS, FeeComputation

REGULATION = "《中华人民共和国政府信息公开条例》"
REG = "《条例》"

#: Letter kinds (the ``kind`` of an issued document).
KIND_RECEIPT = "receipt"  # 登记回执 (online, before confirmation) / 受理通知 (after)
KIND_SUPPLEMENT = "supplement"  # 补正告知书
KIND_EXTENSION = "extension"  # 延期答复告知书
KIND_THIRD_PARTY = "third_party"  # 征求第三方意见书
KIND_FEE = "fee_notice"  # 收费通知书
KIND_REPLY = "reply"  # 答复书 / 告知书 by outcome
LETTER_KINDS: dict[str, str] = {
    KIND_RECEIPT: "登记回执",
    KIND_SUPPLEMENT: "补正告知书",
    KIND_EXTENSION: "延期答复告知书",
    KIND_THIRD_PARTY: "征求第三方意见书",
    KIND_FEE: "收费通知书",
    KIND_REPLY: "答复书",
}


# --- grounds for withholding (部分公开, redaction boxes) ------------------------------------


@dataclass(frozen=True)
class Ground:
    key: str
    label: str  # what the withheld part is
    basis: str  # the article
    outcome: str  # the 不予公开 row it corresponds to (table 三)


#: Grounds for withholding a part (条例第十四、十五、十六条, 第三十七条), each tied to the row of
#: table 三 that a whole refusal on that ground would count in.
GROUNDS: tuple[Ground, ...] = (
    Ground("state_secret", "属于国家秘密", "《条例》第十四条", "refused_1"),
    Ground("law_prohibits", "属于法律、行政法规禁止公开的信息", "《条例》第十四条", "refused_2"),
    Ground(
        "security",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
        "《条例》第十四条",
        "refused_3",
    ),
    Ground(
        "third_party",
        "涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
        "《条例》第十五条",
        "refused_4",
    ),
    Ground(
        "internal_affairs",
        "属于人事管理、后勤管理、内部工作流程等内部事务信息",
        "《条例》第十六条第一款",
        "refused_5",
    ),
    Ground(
        "process",
        "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
        "《条例》第十六条第二款",
        "refused_6",
    ),
    Ground("enforcement_file", "属于行政执法案卷信息", "《条例》第十六条第二款", "refused_7"),
    Ground(
        "not_government_information",
        "不属于《条例》第二条所称的政府信息",
        "《条例》第二条、第三十七条",
        "partly_granted",
    ),
)
GROUND_BY_KEY = {g.key: g for g in GROUNDS}


@dataclass(frozen=True)
class WithheldPart:
    """One withheld part of a 部分公开 reply (a redaction box, or a passage)."""

    description: str  # e.g. "第3页 申请人以外自然人的身份证号码"
    ground: str  # a key of GROUND_BY_KEY
    reason: str = ""  # the specific reason, if more than the ground says

    @property
    def ground_label(self) -> str:
        ground = GROUND_BY_KEY.get(self.ground)
        return f"{ground.label}（{ground.basis}）" if ground else self.ground


# --- the letter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = str | Table


@dataclass(frozen=True)
class Letter:
    kind: str
    title: str  # without the organ's name, e.g. 政府信息公开申请答复书
    organ: str  # the issuing organ (first line of the title, and the signature)
    number: str  # 文书编号, e.g. 岢政公开〔2024〕12号
    addressee: str  # "张三："
    blocks: tuple[Block, ...]
    issued_on: dt.date
    contact: str = ""  # 联系人及电话 line
    outcome: str = ""  # for a reply: the row of table 三

    @property
    def full_title(self) -> str:
        return f"{self.organ}{self.title}"

    def as_text(self) -> str:
        """Plain text in reading order (golden files, and the text a viewer must show)."""
        lines = [self.organ, self.title]
        if self.number:
            lines.append(self.number)
        lines += ["", self.addressee]
        for block in self.blocks:
            if isinstance(block, Table):
                lines.append(" | ".join(block.header))
                lines += [" | ".join(row) for row in block.rows]
            else:
                lines.append(block)
        if self.contact:
            lines.append(self.contact)
        lines += ["", self.organ, chinese_date(self.issued_on)]
        return "\n".join(lines) + "\n"


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "　　年　　月　　日"


def document_number(prefix: str, year: int, sequence: int) -> str:
    """文书编号 in the usual shape: ``岢政公开〔2024〕12号`` (format set locally, DOMAIN.md §4)."""
    return f"{prefix}〔{year}〕{sequence}号"


@dataclass(frozen=True)
class Facts:
    """What every letter about one application needs."""

    organ: str  # 岢曲镇人民政府
    applicant: str  # name of the person or organisation
    tracking_no: str
    description: str  # 所需政府信息的名称、文号或者特征性描述
    issued_on: dt.date
    received_on: dt.date | None = None  # 收到申请之日 (第三十一条); None while unconfirmed
    submitted_on: dt.date | None = None
    number: str = ""
    reviewing_body: str = ""  # 行政复议机关 (行政复议法第二十四条), e.g. 岢曲县人民政府
    court: str = ""  # competent court, if the office names it
    office_phone: str = ""
    office_address: str = ""
    form_wanted: str = ""  # 纸质 / 电子 / 当场阅览
    delivery: str = ""  # 邮寄 / 电子邮件 / 自行领取 / 在线
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def contact(self) -> str:
        parts = []
        if self.office_phone:
            parts.append(f"联系电话：{self.office_phone}")
        if self.office_address:
            parts.append(f"地址：{self.office_address}")
        return "；".join(parts)


def _opening(facts: Facts) -> str:
    when = chinese_date(facts.received_on or facts.submitted_on)
    return (
        f"本机关于{when}收到您（单位）提出的政府信息公开申请（受理编号：{facts.tracking_no}），"
        f"申请获取“{facts.description}”。"
    )


def _define_abbreviation(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """The first 《条例》 is written out in full, with （以下简称《条例》）."""
    out: list[Block] = []
    done = False
    for block in blocks:
        if not done and isinstance(block, str) and REG in block:
            block = block.replace(REG, f"{REGULATION}（以下简称{REG}）", 1)
            done = True
        out.append(block)
    return tuple(out)


def _letter(kind: str, title: str, facts: Facts, blocks: Sequence[Block], **kw: str) -> Letter:
    return Letter(
        kind=kind,
        title=title,
        organ=facts.organ,
        number=facts.number,
        addressee=kw.get("addressee", f"{facts.applicant}："),
        blocks=_define_abbreviation(blocks),
        issued_on=facts.issued_on,
        contact=facts.contact,
        outcome=kw.get("outcome", ""),
    )


# --- notices --------------------------------------------------------------------------------


def receipt_letter(
    facts: Facts, *, due_on: dt.date | None = None, provisional: bool = False
) -> Letter:
    """登记回执 while an online application awaits confirmation (第三十一条: the receipt date
    of the internet channel is the day both sides confirm); 受理通知 once received."""
    if facts.received_on is None:
        blocks: list[Block] = [
            f"您于{chinese_date(facts.submitted_on)}通过网上申请渠道提交的政府信息公开申请已登记，"
            f"受理编号为{facts.tracking_no}，申请获取“{facts.description}”。",
            f"根据{REG}第三十一条的规定，通过互联网渠道提交的申请，以双方确认之日为收到申请之日。"
            "本机关确认收到后，将告知您答复期限。",
            "您可以凭受理编号和查询码在本平台“申请查询”页面查看办理进度和答复文书。",
        ]
        return _letter(KIND_RECEIPT, "政府信息公开申请登记回执", facts, blocks)
    blocks = [_opening(facts)]
    if due_on is not None:
        text = (
            f"根据{REG}第三十三条的规定，本机关将自收到申请之日起20个工作日内，"
            f"即于{chinese_date(due_on)}前作出答复；需要延长答复期限的，将另行告知。"
        )
        if provisional:
            text += "（该日期依据现已公布的节假日安排推算，国务院公布新的节假日安排后可能调整。）"
        blocks.append(text)
    blocks.append("您可以凭受理编号和查询码在本平台“申请查询”页面查看办理进度和答复文书。")
    return _letter(KIND_RECEIPT, "政府信息公开申请受理通知书", facts, blocks)


def supplement_letter(facts: Facts, *, items: Sequence[str], deadline: dt.date) -> Letter:
    """补正告知书 (第三十条): once, within 7 working days of receipt, every item at once."""
    if not items:
        raise ValueError("a 补正 notice names what to supplement")
    blocks: list[Block] = [
        _opening(facts),
        f"经审查，您的申请内容不够明确。根据{REG}第三十条的规定，现一次性告知您需要补正的事项如下：",
        *[f"{i}. {item}" for i, item in enumerate(items, 1)],
        f"请您于{chinese_date(deadline)}前向本机关提交补正后的申请。答复期限自本机关收到补正后的"
        "申请之日起计算。",
        "您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
    ]
    return _letter(KIND_SUPPLEMENT, "政府信息公开申请补正告知书", facts, blocks)


def extension_letter(
    facts: Facts, *, original_due: dt.date, new_due: dt.date, days: int, reason: str
) -> Letter:
    """延期答复告知书 (第三十三条第二款): approved by the head of the office, at most 20
    working days, notified before the original deadline."""
    if not 1 <= days <= 20:
        raise ValueError("an extension is 1–20 working days (第三十三条第二款)")
    blocks: list[Block] = [
        _opening(facts),
        f"因{reason}，本机关不能在{chinese_date(original_due)}前作出答复。根据{REG}第三十三条第二款"
        f"的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{days}个工作日，"
        f"本机关将于{chinese_date(new_due)}前作出答复。",
    ]
    return _letter(KIND_EXTENSION, "政府信息公开申请延期答复告知书", facts, blocks)


def third_party_letter(
    facts: Facts, *, third_party: str, information: str, reply_by: dt.date | None = None
) -> Letter:
    """征求第三方意见书 (第三十二条): in writing; 15 working days to answer. The applicant is
    not named."""
    by = f"（即{chinese_date(reply_by)}前）" if reply_by else ""
    blocks: list[Block] = [
        f"本机关于{chinese_date(facts.received_on)}收到一份政府信息公开申请，申请获取"
        f"“{information}”。本机关认为，公开该信息可能损害您（单位）的合法权益。",
        f"根据{REG}第三十二条的规定，现书面征求您（单位）的意见。请您（单位）自收到本意见书之日起"
        f"15个工作日内{by}书面提出是否同意公开的意见；不同意公开的，请说明理由。",
        "逾期未提出意见的，本机关将依照《条例》的规定决定是否公开。您（单位）不同意公开且有合理理由"
        "的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，将予以公开，并将决定公开的"
        "政府信息内容和理由书面告知您（单位）。",
    ]
    return _letter(
        KIND_THIRD_PARTY,
        "政府信息公开征求第三方意见书",
        facts,
        blocks,
        addressee=f"{third_party}：",
    )


def fee_letter(
    facts: Facts, *, fee: FeeComputation, payment_method: str, pay_by: dt.date | None = None
) -> Letter:
    """收费通知书 (条例第四十二条; 国办函〔2020〕109号): basis, rate, amount and how to pay;
    payment within 20 working days from the day after receipt, otherwise deemed abandoned."""
    if not fee.chargeable:
        raise ValueError("no fee is due: no 收费通知书")
    by = f"（即{chinese_date(pay_by)}前）" if pay_by else ""
    blocks: list[Block] = [
        _opening(facts),
        (
            "您在同一自然月内提出的政府信息公开申请数量超过了合理范围。"
            if fee.method == "per_application"
            else "您申请提供的政府信息数量超过了合理范围。"
        )
        + f"根据{fee.basis}的规定，本机关对您的申请收取信息处理费。",
        f"计收方式：{fee.method_label}（超额累进，每件申请只适用一种方式）。",
        Table(
            ("计费明细", "金额（元）"), tuple((line.label, str(line.amount)) for line in fee.lines)
        ),
        f"应缴金额：{fee.total}元。",
        f"请您自收到本通知书次日起{PAYMENT_WORKING_DAYS}个工作日内{by}通过{payment_method}缴纳。"
        "信息处理费缴入国库，本机关出具财政票据。",
        "您逾期未按本通知要求缴纳费用的，视为放弃申请，本机关将不再处理该政府信息公开申请。"
        "在您缴纳费用前，本机关暂停处理您的申请。",
    ]
    return _letter(KIND_FEE, "政府信息公开信息处理费收费通知书", facts, blocks)


# --- the reply ------------------------------------------------------------------------------

#: Outcomes whose challenge needs reconsideration first (行政复议法第二十三条第一款第（四）项).
RECONSIDERATION_FIRST = frozenset({"partly_granted"} | {f"refused_{i}" for i in range(1, 9)})


def remedy_paragraph(outcome: str, facts: Facts) -> str:
    body = facts.reviewing_body or "本机关的上一级人民政府"
    court = facts.court or "人民法院"
    if outcome in RECONSIDERATION_FIRST:
        return (
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，对行政机关不予公开政府"
            f"信息不服的，应当先申请行政复议。如对本答复不服，可以自收到本答复之日起60日内向{body}"
            f"申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向{court}"
            "提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起60日内向{body}申请行政复议，"
        f"或者自收到本答复之日起6个月内依法向{court}提起行政诉讼。"
    )


def _provision(facts: Facts, provided: Sequence[str], where: str) -> list[Block]:
    blocks: list[Block] = []
    how = "、".join(x for x in (facts.form_wanted, facts.delivery) if x)
    if provided:
        form = f"按您申请的形式（{how}）" if how else ""
        blocks.append(f"根据{REG}第四十条的规定，{form}向您提供以下政府信息：")
        blocks += [f"{i}. {item}" for i, item in enumerate(provided, 1)]
    if where:
        blocks.append(f"获取方式：{where}")
    return blocks


def _need(value: str, what: str, outcome: str) -> str:
    if not value.strip():
        raise ValueError(f"a reply for {outcome} needs {what}")
    return value


def reply_letter(
    facts: Facts,
    *,
    outcome: str,
    provided: Sequence[str] = (),
    where: str = "",
    withheld: Sequence[WithheldPart] = (),
    reason: str = "",
    law: str = "",
    responsible_organ: str = "",
    responsible_contact: str = "",
    search_steps: str = "",
    previous_reply: str = "",
    already_published: bool = False,
) -> Letter:
    """The reply (答复书, or 告知书 for 不予处理/其他处理) for one of the outcomes of table 三
    (``gongkai.annual.format.OUTCOME_ROW_KEYS``), with its article and the remedy."""
    if outcome not in OUTCOME_ROW_KEYS:
        raise ValueError(f"unknown outcome {outcome!r}")
    row = APPLICATION_BY_KEY[outcome]
    blocks: list[Block] = [_opening(facts) + "经审查，现答复如下："]
    decision = _decision(
        outcome,
        facts=facts,
        reason=reason,
        law=law,
        withheld=withheld,
        responsible_organ=responsible_organ,
        responsible_contact=responsible_contact,
        search_steps=search_steps,
        previous_reply=previous_reply,
        already_published=already_published,
        where=where,
    )
    blocks += decision
    if outcome in ("granted", "partly_granted"):
        blocks += _provision(facts, provided, "" if already_published else where)
    if reason and outcome not in ("other_3",):
        blocks.append(f"具体理由：{reason}")
    blocks.append(remedy_paragraph(outcome, facts))
    blocks.append("特此告知。")
    title = (
        "政府信息公开申请答复书"
        if row.group in (None, "refused", "unable")
        else "政府信息公开申请告知书"
    )
    return _letter(KIND_REPLY, title, facts, blocks, outcome=outcome)


def withheld_table(withheld: Sequence[WithheldPart]) -> Table:
    rows = []
    for i, part in enumerate(withheld, 1):
        ground = GROUND_BY_KEY[part.ground]
        why = ground.label + (f"（{part.reason}）" if part.reason else "")
        rows.append((str(i), part.description, why, ground.basis))
    return Table(("序号", "不予公开的内容", "理由", "依据"), tuple(rows))


def _decision(  # one branch per row of table 三, in the table order
    outcome: str,
    *,
    facts: Facts,
    reason: str,
    law: str,
    withheld: Sequence[WithheldPart],
    responsible_organ: str,
    responsible_contact: str,
    search_steps: str,
    previous_reply: str,
    already_published: bool,
    where: str,
) -> list[Block]:
    refuse = "本机关决定不予公开。"
    discretionary = "经核查，法律、法规、规章未规定上述信息应当公开。"
    if outcome == "granted":
        if already_published:
            return [
                f"您申请获取的政府信息本机关已经主动公开。根据{REG}第三十六条第（一）项的规定，"
                f"告知您获取该政府信息的方式和途径：{_need(where, 'where', outcome)}"
            ]
        return [
            f"您申请获取的政府信息属于可以公开的政府信息。根据{REG}第三十六条第（二）项的规定，"
            "本机关决定予以公开。"
        ]
    if outcome == "partly_granted":
        if not withheld:
            raise ValueError("a 部分公开 reply lists the withheld parts and their grounds")
        unknown = [p.ground for p in withheld if p.ground not in GROUND_BY_KEY]
        if unknown:
            raise ValueError(f"unknown grounds {unknown}")
        return [
            "您申请获取的政府信息中，部分内容属于不予公开的范围或者不属于政府信息，且能够作区分处理。"
            f"根据{REG}第三十七条的规定，本机关向您提供可以公开的部分；对不予公开的部分，"
            "说明理由如下：",
            withheld_table(withheld),
        ]
    if outcome == "refused_1":
        return [
            f"您申请获取的政府信息已依法确定为国家秘密。根据{REG}第十四条、第三十六条第（三）项的"
            f"规定，{refuse}"
        ]
    if outcome == "refused_2":
        return [
            f"您申请获取的政府信息属于{_need(law, 'the law', outcome)}禁止公开的信息。根据{REG}"
            f"第十四条、第三十六条第（三）项的规定，{refuse}"
        ]
    if outcome == "refused_3":
        return [
            "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据"
            f"{REG}第十四条、第三十六条第（三）项的规定，{refuse}"
        ]
    if outcome == "refused_4":
        return [
            "您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害，"
            "第三方不同意公开，且本机关认为不公开不会对公共利益造成重大影响。根据"
            f"{REG}第十五条、第三十二条、第三十六条第（三）项的规定，{refuse}"
        ]
    if outcome == "refused_5":
        return [
            "您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息。根据"
            f"{REG}第十六条第一款、第三十六条第（三）项的规定，{refuse}{discretionary}"
        ]
    if outcome == "refused_6":
        return [
            "您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
            f"磋商信函、请示报告等过程性信息。根据{REG}第十六条第二款、第三十六条第（三）项的规定，"
            f"{refuse}{discretionary}"
        ]
    if outcome == "refused_7":
        return [
            f"您申请获取的政府信息属于行政执法案卷信息。根据{REG}第十六条第二款、第三十六条第（三）项"
            f"的规定，{refuse}{discretionary}"
        ]
    if outcome == "refused_8":
        return [
            "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别"
            f"规定。根据{REG}第三十六条第（七）项的规定，请您依照"
            f"{_need(law, 'the law that sets the route', outcome)}的规定办理。"
            + (f"办理途径：{where}" if where else "")
        ]
    if outcome == "unable_1":
        if responsible_organ:
            contact = f"，联系方式：{responsible_contact}" if responsible_contact else ""
            return [
                f"您申请获取的政府信息不属于本机关负责公开的范围。根据{REG}第三十六条第（五）项的"
                f"规定，告知您该政府信息由{responsible_organ}负责公开{contact}。"
            ]
        steps = f"经检索（{search_steps}），" if search_steps else "经检索，"
        return [
            f"{steps}本机关未制作或者获取您申请的政府信息。根据{REG}第三十六条第（四）项的规定，"
            "告知您该政府信息不存在。"
        ]
    if outcome == "unable_2":
        return [
            "您申请获取的信息本机关没有现成的信息，需要对现有政府信息进行加工、分析或者另行制作。"
            f"根据{REG}第三十八条的规定，本机关不予提供。"
        ]
    if outcome == "unable_3":
        return [
            "本机关已向您发出补正告知，您补正后的申请内容仍不明确，本机关无法据此确定您所需的"
            f"政府信息。根据{REG}第三十条的规定，本机关无法向您提供。"
        ]
    if outcome == "not_processed_1":
        return [
            "您提出的申请实为以政府信息公开申请的形式进行信访、投诉、举报。根据"
            f"{REG}第三十九条第一款的规定，本机关不作为政府信息公开申请处理。您可以通过"
            f"{where or '信访渠道或者12345政务服务便民热线'}反映有关诉求。"
        ]
    if outcome == "not_processed_2":
        return [
            f"本机关已于{_need(previous_reply, 'the earlier reply', outcome)}就您申请获取的同一政府"
            f"信息作出答复，您再次提出相同申请。根据{REG}第三十六条第（六）项的规定，本机关不予重复处理。"
        ]
    if outcome == "not_processed_3":
        return [
            "您申请获取的是政府公报、报刊、书籍等公开出版物。根据"
            f"{REG}第三十九条第二款的规定，本机关不作为政府信息公开申请处理，告知您可以通过"
            f"{where or '公共图书馆、政府网站等途径'}获取。"
        ]
    if outcome == "not_processed_4":
        return [
            "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，您说明的理由"
            f"不合理。根据{REG}第三十五条的规定，本机关不予处理。"
        ]
    if outcome == "not_processed_5":
        return [
            "您要求本机关对您已经获取的信息予以确认、盖章或者重新出具，该请求不属于"
            f"{REG}第二条、第三十八条所称提供已制作或者获取的政府信息，本机关不作为政府信息公开申请"
            "处理。"
        ]
    if outcome == "other_1":
        return [
            "本机关已向您发出补正告知书，您无正当理由逾期未补正。根据"
            f"{REG}第三十条的规定，视为放弃申请，本机关不再处理您的政府信息公开申请。"
        ]
    if outcome == "other_2":
        return [
            "本机关已向您发出信息处理费收费通知书，您逾期未按收费通知要求缴纳费用。根据"
            "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为放弃申请，"
            "本机关不再处理您的政府信息公开申请。"
        ]
    # other_3
    return [f"{_need(reason, 'the reason', outcome)}本机关不再处理您的政府信息公开申请。"]
