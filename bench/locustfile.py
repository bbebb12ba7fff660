"""The load and soak scenario (locust): people browsing the public portal and searching.

Run by ``make bench BENCH=load-soak`` (``bench/load_soak.py`` starts the server, runs locust
headless with this file and prints the figures); on its own::

    .venv/bin/locust -f bench/locustfile.py --headless -u 20 -r 5 -t 10m --host http://127.0.0.1:8000

What a visitor does, with the weights of the tasks: opens the home page (3), searches with a
common phrase, sometimes turning to page 2 (4), reads a record found on a page or in the API
(4), lists records through the API (2), reads an agency's 政府信息公开指南 (1), opens an
agency's application form (1). Record ids and agency codes are learnt from the pages and the API
as the visitors go (URL paths as in the project plan: /, /search/?q=, /api/v1/records,
/records/<pk>/, /apply/<code>/). Any answer other than 2xx/3xx is a failure.
"""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import quote

from locust import HttpUser, between, task

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
