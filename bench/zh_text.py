"""Generated Chinese government text for the search and load benchmarks.

Titles and bodies are built from phrases of real 政务公开 writing (meetings, subsidies, 低保,
拆迁, 安全生产 …), so that the word frequencies look like a real catalogue: a few words are in
almost every record (工作, 镇政府), many topic words in a few percent, place names in fewer.
Deterministic for a given seed and record number.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

PLACES = [
    "岢曲镇",
    "城关镇",
    "湍东镇",
    "马山口镇",
    "赤眉镇",
    "夏馆镇",
    "七里坪乡",
    "余关乡",
    "王店镇",
    "灌涨镇",
    "板场乡",
    "大桥乡",
    "师岗镇",
    "瓦亭镇",
    "桃溪镇",
    "乍曲镇",
    "金华村",
    "杨庄村",
    "东湾村",
    "西岭村",
    "河口村",
    "新庄社区",
    "北关社区",
    "南街社区",
    "柳树湾村",
    "石门村",
]
TOPICS = [
    "低保",
    "特困人员救助供养",
    "临时救助",
    "耕地地力保护补贴",
    "农机购置补贴",
    "拆迁",
    "房屋征收",
    "土地征收",
    "宅基地审批",
    "安全生产",
    "森林防火",
    "防汛抗旱",
    "秸秆禁烧",
    "人居环境整治",
    "乡村振兴",
    "高标准农田建设",
    "农村危房改造",
    "饮水安全",
    "义务教育",
    "医疗保障",
    "养老服务",
    "就业创业",
    "社会保险",
    "残疾人补贴",
    "退役军人优待",
    "征兵",
    "食品安全",
    "环境保护",
    "河长制",
    "道路交通安全",
    "燃气安全",
    "消防安全",
    "疫情防控",
    "财政预算",
    "政府采购",
    "重大建设项目",
    "公共文化服务",
    "户籍管理",
    "计划生育奖励扶助",
    "困难群众慰问",
    "扶贫资金",
    "产业发展",
    "招商引资",
    "营商环境",
    "行政许可",
    "行政处罚",
    "政务公开",
    "信访维稳",
]
ACTIONS = ["召开", "部署", "开展", "推进", "安排", "督导", "检查", "落实", "启动", "总结"]
KINDS = [
    "工作会议",
    "专项行动",
    "宣传活动",
    "培训会",
    "推进会",
    "工作",
    "实施方案",
    "通知",
    "公示",
    "公告",
]
OPENINGS = [
    "{month}月{day}日，{place}召开会议，传达学习上级关于{topic}工作的部署要求，安排近期重点任务。",
    "为切实做好{topic}工作，根据上级有关文件精神，结合{place}实际，制定本方案。",
    "近日，{place}组织相关站所和各村负责同志，对辖区{topic}情况开展专项检查。",
    "根据《中华人民共和国政府信息公开条例》有关规定，现将{place}{year}年{topic}有关情况公示如下。",
]
SENTENCES = [
    "会议要求，各村、各站所要提高思想认识，压实工作责任，确保{topic}各项措施落到实处。",
    "活动期间，工作人员深入田间地头和农户家中，发放宣传资料{n}余份，解答群众关心的问题。",
    "下一步，镇政府将持续跟踪督导，及时发现和解决{topic}工作中的困难和问题。",
    "截至{month}月底，全镇共完成{topic}{n}户，涉及资金{money}万元，已全部通过“一卡通”发放到户。",
    "对检查中发现的{k}处问题隐患，现场下达整改通知，明确整改时限和责任人，实行闭环管理。",
    "公示期间，如有异议，请以书面形式向镇党政综合办公室反映，联系电话0377-6542{phone}。",
    "各有关单位要加强协调配合，形成工作合力，确保{year}年度{topic}任务按时完成。",
    "本次培训围绕{topic}政策解读、业务流程和信息系统操作等内容进行了详细讲解。",
    "镇纪委将把{topic}工作纳入日常监督重点，对履职不力、推诿扯皮的严肃追责问责。",
    "群众对{topic}工作有意见建议的，可通过政务服务热线12345或者当面反映。",
    "经村民代表会议评议、镇政府审核，拟将{n}户纳入{topic}范围，现予以公示。",
    "同时，要统筹做好{topic2}等工作，切实保障人民群众生命财产安全和合法权益。",
]


def _fill(template: str, rng: random.Random, year: int, place: str, topic: str) -> str:
    return template.format(
        month=rng.randint(1, 12),
        day=rng.randint(1, 28),
        place=place,
        topic=topic,
        topic2=rng.choice(TOPICS),
        year=year,
        n=rng.randint(3, 900),
        k=rng.randint(2, 40),
        money=round(rng.uniform(1, 500), 2),
        phone=rng.randint(100, 999),
    )


def record_text(number: int, *, seed: int = 1, length: int = 800) -> dict[str, object]:
    """Title, 文号, body (about ``length`` characters) and dates of generated record ``number``."""
    rng = random.Random(seed * 1_000_003 + number)
    year = rng.choice([2019, 2020, 2021, 2022, 2023, 2024, 2025])
    place = rng.choice(PLACES)
    # topic frequencies fall off like real ones: a few topics are everywhere
    topic = TOPICS[min(int(rng.paretovariate(1.1)) - 1, len(TOPICS) - 1)]
    title = f"{place}{rng.choice(ACTIONS)}{topic}{rng.choice(KINDS)}"
    parts = [_fill(rng.choice(OPENINGS), rng, year, place, topic)]
    size = len(parts[0])
    while size < length:
        sentence = _fill(rng.choice(SENTENCES), rng, year, place, topic)
        parts.append(sentence)
        size += len(sentence)
    written = date(year, 1, 1) + timedelta(days=rng.randint(0, 360))
    published = written + timedelta(days=rng.randint(0, 25))
    document_no = f"{place[:2]}政〔{year}〕{rng.randint(1, 120)}号" if rng.random() < 0.3 else ""
    return {
        "title": title,
        "document_no": document_no,
        "paragraphs": parts,
        "written_on": written,
        "published_on": published,
    }


#: The fixed query mix: 1–4 words, common two-character words, a single character, a phrase.
QUERY_MIX = [
    "低保",
    "补贴",
    "拆迁",
    "工作",
    "镇",
    "安全生产",
    "宅基地审批",
    "工作 会议",
    "低保 公示",
    "乡村振兴 产业发展",
    "森林防火 检查 整改",
    "农村 危房 改造 资金",
    "征兵 宣传",
    "政务公开 培训",
]
