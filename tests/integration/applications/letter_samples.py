"""One sample of every letter: every notice and a reply for every outcome of table 三."""

from __future__ import annotations

import datetime as dt

from gongkai.annual.format import OUTCOME_ROW_KEYS
from gongkai.applications import letters
from gongkai.applications.fees import per_application_fee, per_page_fee

FACTS = letters.Facts(
    organ="岢曲镇人民政府",
    applicant="张三",
    tracking_no="KQZ-2024-0007",
    description="2023年岢曲镇宅基地审批结果",
    issued_on=dt.date(2024, 3, 20),
    received_on=dt.date(2024, 3, 5),
    submitted_on=dt.date(2024, 3, 4),
    number="岢政公开〔2024〕7号",
    reviewing_body="岢曲县人民政府",
    office_phone="0377-65320001",
    office_address="岢曲县岢曲镇政府路1号",
    form_wanted="电子",
    delivery="电子邮件",
)

REPLY_ARGS: dict[str, dict[str, object]] = {
    "granted": {"provided": ["2023年岢曲镇宅基地审批结果公示表（1页）"]},
    "partly_granted": {
        "provided": ["2023年岢曲镇宅基地审批结果公示表（已作区分处理，1页）"],
        "withheld": [
            letters.WithheldPart("第1页 申请人以外自然人的身份证号码", "third_party"),
            letters.WithheldPart("第1页 审批会议讨论意见", "process"),
        ],
    },
    "refused_2": {"law": "《中华人民共和国统计法》"},
    "refused_8": {"law": "《不动产登记暂行条例》", "where": "向岢曲县不动产登记中心申请查询"},
    "unable_1": {"search_steps": "检索了本机关2020年以来的收文、发文和档案目录"},
    "not_processed_2": {"previous_reply": "2024年1月10日（岢政公开〔2024〕1号）"},
    "other_3": {"reason": "申请人于2024年3月15日书面撤回申请。"},
}


def reply(outcome: str) -> letters.Letter:
    return letters.reply_letter(FACTS, outcome=outcome, **REPLY_ARGS.get(outcome, {}))  # type: ignore[arg-type]


def samples() -> dict[str, letters.Letter]:
    unconfirmed = letters.Facts(**{**FACTS.__dict__, "received_on": None, "number": ""})
    found: dict[str, letters.Letter] = {
        "receipt_pending": letters.receipt_letter(unconfirmed),
        "receipt": letters.receipt_letter(FACTS, due_on=dt.date(2024, 4, 3)),
        "receipt_provisional": letters.receipt_letter(
            FACTS, due_on=dt.date(2024, 4, 3), provisional=True
        ),
        "supplement": letters.supplement_letter(
            FACTS,
            items=["请写明所需信息涉及的村（社区）名称", "请写明审批年份或者批次"],
            deadline=dt.date(2024, 3, 29),
        ),
        "extension": letters.extension_letter(
            FACTS,
            original_due=dt.date(2024, 4, 3),
            new_due=dt.date(2024, 5, 6),
            days=20,
            reason="所需信息涉及多个村的档案，需要逐一检索",
        ),
        "third_party": letters.third_party_letter(
            FACTS,
            third_party="岢曲县某某建材有限公司",
            information="该公司2023年取得的采矿许可材料",
            reply_by=dt.date(2024, 4, 2),
        ),
        "fee_per_page": letters.fee_letter(
            FACTS,
            fee=per_page_fee(250),
            payment_method="非税收入缴款码",
            pay_by=dt.date(2024, 4, 19),
        ),
        "fee_per_application": letters.fee_letter(
            FACTS, fee=per_application_fee(earlier_in_month=12), payment_method="非税收入缴款码"
        ),
    }
    for outcome in OUTCOME_ROW_KEYS:
        found[f"reply_{outcome}"] = reply(outcome)
    return found
