"""Locust scenario of ``bench/load.py``: list, detail and search pages of the public portal.

The record ids (``BENCH_ID_MIN``, ``BENCH_ID_MAX``) and agency codes (``BENCH_AGENCIES``,
comma-separated) come from the environment; every request carries ``X-Forwarded-Proto: https``
(as nginx sends it), and every request has a timeout, so a stuck server fails the run instead
of hanging it.

The clients are locust's ``FastHttpUser`` (geventhttpclient): the load generator shares the
machine's cores with the server, and the default ``requests``-based client spends several times
more CPU per request, which would be measured as server latency.
"""

from __future__ import annotations

import os
import random
from urllib.parse import quote

from locust import FastHttpUser, between, constant, task

from bench.zh_text import QUERY_MIX

ID_MIN = int(os.environ.get("BENCH_ID_MIN", "1"))
ID_MAX = int(os.environ.get("BENCH_ID_MAX", "1"))
AGENCIES = [a for a in os.environ.get("BENCH_AGENCIES", "").split(",") if a]
#: A client's mean pause between pages (``--pace``), drawn from 0.5–1.5 times it so that the
#: clients do not fall into step; 0: the next request as soon as the last one returns (a
#: saturation test: latency is then the number of clients divided by the throughput).
PACE = float(os.environ.get("BENCH_PACE", "0"))
HEADERS = {"X-Forwarded-Proto": "https"}


class PortalReader(FastHttpUser):
    wait_time = between(PACE / 2, PACE * 1.5) if PACE > 0 else constant(0)
    connection_timeout = 10.0
    network_timeout = 30.0

    @task(3)
    def list_page(self) -> None:
        query = f"?page={random.randint(1, 20)}"
        if AGENCIES and random.random() < 0.5:
            query += f"&agency={random.choice(AGENCIES)}"
        self.client.get(f"/records/{query}", name="list /records/", headers=HEADERS)

    @task(4)
    def detail_page(self) -> None:
        pk = random.randint(ID_MIN, ID_MAX)
        with self.client.get(
            f"/records/{pk}/", name="detail /records/<id>/", headers=HEADERS, catch_response=True
        ) as response:
            if response.status_code == 404:  # an id that is not a published record
                response.success()

    @task(3)
    def search_page(self) -> None:
        q = quote(random.choice(QUERY_MIX))
        self.client.get(f"/search/?q={q}", name="search /search/?q=", headers=HEADERS)
