"""The load and soak scenario (locust): people browsing the public portal and searching, and
applicants filing 政府信息公开申请 through the public form.

Run by ``make bench BENCH=load-soak`` (``bench/load_soak.py`` starts the server, runs locust
headless with this file and prints the figures); on its own::

    .venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 5 -t 10m --host http://127.0.0.1:8000

What a visitor does (``PortalVisitor``), with the weights of the tasks: opens the home page (3),
searches with a common phrase, sometimes turning to page 2 (4), reads a record found on a page or
in the API (4), lists records through the API (2), reads an agency's 政府信息公开指南 (1), opens an
agency's application form (1). Record ids and agency codes are learnt from the pages and the API
as the visitors go (URL paths as in the project plan: /, /search/?q=, /api/v1/records,
/records/<pk>/, /apply/<code>/).

What an applicant does (``Applicant``, one user in ``APPLICANT_SHARE``): opens an agency's form,
takes the CSRF token from it, and files an application as a browser would — a 自然人 with a
generated 居民身份证 number or a 法人或其他组织 with a generated 统一社会信用代码 (valid check
characters, a different applicant each time), a contact, the description, the honeypot left
empty and a small PNG as the 身份证明 — then checks that the answer is the confirmation page with
a 受理编号. When the run ends, every 受理编号 shown and the number of filings that failed are
written to ``LOCUST_FILINGS_FILE`` (JSON, if set), so the benchmark can check that the database
holds exactly those applications (locust's own statistics may miss requests that end while the
run stops).

Any answer other than 2xx/3xx is a failure, and so is a filing whose answer is not the
confirmation page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import re
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from locust import HttpUser, between, events, task

SEARCH_TERMS = [
    "政府信息公开",
    "年度报告",
    "通知",
    "工作动态",
    "财政预算",
    "行政许可",
    "行政处罚",
    "规划",
    "公告",
    "乡村振兴",
    "安全生产",
    "招聘",
]
RECORD_LINK = re.compile(r'href="/records/(\d+)/"')
AGENCY_LINK = re.compile(r'href="/agencies/([A-Za-z0-9]{2,32})/')
MAX_KNOWN = 2000
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TRACKING_NO = re.compile(r'id="tracking-no">([^<]+)<')
#: One simulated user in this many files applications; the others browse.
APPLICANT_SHARE = 6
#: 受理编号 shown to the applicants of this process, and filings that failed; written out when
#: the run ends.
FILINGS: list[str] = []
FAILED_FILINGS: list[str] = []
_FILINGS_LOCK = threading.Lock()

# --- identity numbers with valid check characters (GB 11643-1999, GB 32100-2015) ---------------

RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
RESIDENT_ID_CHECK = "10X98765432"
REGION_CODES = ("110105", "310104", "410305", "410322", "440106", "510107", "650102")
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORGANISATION_TYPES = ("commercial", "research", "public_interest", "legal_services", "other_org")
TOWNS = ("岢曲", "河阳", "洛川")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
ASKED_FOR = (
    "{year}年本镇宅基地审批结果",
    "{year}年度财政预算执行情况及相关说明",
    "{year}年村道硬化工程的招标文件和中标结果",
    "{year}年城乡居民最低生活保障金发放名单",
    "{year}年本机关作出的行政处罚决定书（安全生产类）",
    "{year}年农村危房改造补助对象名单及补助标准",
)


def resident_id(rng: random.Random) -> str:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 55))
    first17 = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(first17, RESIDENT_ID_WEIGHTS, strict=True))
    return first17 + RESIDENT_ID_CHECK[total % 11]


def uscc(rng: random.Random) -> str:
    body = "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    first17 = f"91{rng.choice(REGION_CODES)}{body}"
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def _id_proof_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (120, 80), (230, 230, 230)).save(out, format="PNG")
    return out.getvalue()


ID_PROOF = _id_proof_png()


def application_form_data(rng: random.Random) -> dict[str, str]:
    """What an applicant types into the form: a different, valid applicant each time."""
    year = rng.choice((2022, 2023, 2024))
    data = {
        "action": "submit",
        "website": "",  # the honeypot, left empty as people do
        "description": rng.choice(ASKED_FOR).format(year=year),
        "purpose": rng.choice(("", "用于了解本村相关情况。", "")),
        "form_wanted": rng.choice(("electronic", "paper", "view")),
        "postcode": "",
        "email": "",
        "address": "",
        "contact_person": "",
        "applicant_type": "",
    }
    if rng.random() < 0.8:
        data.update(
            applicant_kind="natural_person",
            applicant_name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))),
            id_type="resident_id",
            id_number=resident_id(rng),
        )
    else:
        data.update(
            applicant_kind="organisation",
            applicant_type=rng.choice(ORGANISATION_TYPES),
            applicant_name=f"{rng.choice(TOWNS)}{rng.randrange(100, 999)}有限公司",
            contact_person=rng.choice(SURNAMES) + rng.choice(GIVEN),
            id_type="uscc",
            id_number=uscc(rng),
        )
    delivery = rng.choice(("online", "online", "email", "post", "pickup"))
    data["delivery_method"] = delivery
    data["phone"] = f"13{rng.randrange(10**9):09d}"
    if delivery == "email":
        data["email"] = f"applicant{rng.randrange(10**6)}@example.cn"
    if delivery == "post":
        data["address"] = f"河南省洛阳市某某路{rng.randrange(1, 300)}号"
        data["postcode"] = "471000"
    return data


def _ids_in(data: Any) -> list[int]:
    """Record ids in an API answer: a list of objects, or an object holding such a list."""
    if isinstance(data, dict):
        for key in ("results", "items", "records", "data"):
            if isinstance(data.get(key), list):
                return _ids_in(data[key])
        return []
    if isinstance(data, list):
        return [
            item.get("id", item.get("pk"))
            for item in data
            if isinstance(item, dict) and isinstance(item.get("id", item.get("pk")), int)
        ]
    return []


class PortalVisitor(HttpUser):
    weight = APPLICANT_SHARE - 1
    wait_time = between(0.5, 2.0)
    #: Shared by all visitors of a process: what the site has shown so far.
    record_ids: set[int] = set()  # noqa: RUF012
    agency_codes: set[str] = set()  # noqa: RUF012

    def on_start(self) -> None:
        self.home()

    def _learn(self, text: str) -> None:
        if len(self.record_ids) < MAX_KNOWN:
            self.record_ids.update(int(pk) for pk in RECORD_LINK.findall(text))
        self.agency_codes.update(AGENCY_LINK.findall(text))

    @task(3)
    def home(self) -> None:
        response = self.client.get("/", name="/")
        self._learn(response.text)

    @task(4)
    def search(self) -> None:
        term = quote(random.choice(SEARCH_TERMS))
        page = "&page=2" if random.random() < 0.2 else ""
        response = self.client.get(f"/search/?q={term}{page}", name="/search/?q=")
        self._learn(response.text)

    @task(2)
    def api_records(self) -> None:
        response = self.client.get("/api/v1/records", name="/api/v1/records")
        if response.ok:
            try:
                self.record_ids.update(_ids_in(response.json())[:100])
            except ValueError:
                pass

    @task(4)
    def record(self) -> None:
        if not self.record_ids:
            return
        pk = random.choice(tuple(self.record_ids))
        self.client.get(f"/records/{pk}/", name="/records/<pk>/")

    @task(1)
    def guide(self) -> None:
        if self.agency_codes:
            code = random.choice(tuple(self.agency_codes))
            self.client.get(f"/agencies/{code}/guide/", name="/agencies/<code>/guide/")

    @task(1)
    def application_form(self) -> None:
        if self.agency_codes:
            code = random.choice(tuple(self.agency_codes))
            self.client.get(f"/apply/{code}/", name="/apply/<code>/")


class Applicant(HttpUser):
    """Files applications through the public form, as a browser does (cookies, CSRF token)."""

    weight = 1
    wait_time = between(2.0, 6.0)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.agency_codes: list[str] = []
        response = self.client.get("/", name="/")
        self.agency_codes = sorted(set(AGENCY_LINK.findall(response.text)))

    @task
    def file_application(self) -> None:
        if not self.agency_codes:
            return
        code = self.rng.choice(self.agency_codes)
        form = self.client.get(f"/apply/{code}/", name="/apply/<code>/")
        token = CSRF_INPUT.search(form.text)
        if token is None:
            return  # the GET itself is counted (a non-2xx is its failure)
        data = application_form_data(self.rng)
        data["csrfmiddlewaretoken"] = token.group(1)
        with self.client.post(
            f"/apply/{code}/",
            data=data,
            files={"id_proof": ("id.png", ID_PROOF, "image/png")},
            headers={"Referer": f"{self.host}/apply/{code}/"},
            name="/apply/<code>/ (filing)",
            catch_response=True,
        ) as response:
            found = TRACKING_NO.search(response.text) if response.ok else None
            if found is None:
                status = f"{response.status_code} {response.url}"
                response.failure(f"no 受理编号 in the answer: {status}")
                with _FILINGS_LOCK:
                    FAILED_FILINGS.append(status)
                return
            with _FILINGS_LOCK:
                FILINGS.append(found.group(1).strip())


@events.quitting.add_listener
def _write_filings(environment: Any, **kwargs: Any) -> None:
    target = os.environ.get("LOCUST_FILINGS_FILE")
    if target:
        with _FILINGS_LOCK:
            data = {"confirmed": FILINGS, "failed": FAILED_FILINGS}
            Path(target).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
