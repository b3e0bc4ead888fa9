"""The journeys of `benchmarks/load.py` (locust): a professional signs in, then works through the
household list, case pages, the API, the screening and the doorbraak list, with think time.

Run by load.py (it prepares the database, starts gunicorn and passes LOAD_FIXTURE); not on its own.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, task

with open(os.environ["LOAD_FIXTURE"]) as fixture_file:
    FIXTURE = json.load(fixture_file)
_ACCOUNTS = itertools.cycle(FIXTURE["users"])
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Professional(HttpUser):
    wait_time = between(0.5, 1.5)  # think time between two clicks

    def on_start(self) -> None:
        self.username = next(_ACCOUNTS)
        self.households: list[int] = FIXTURE["households"]
        page = self.client.get("/inloggen/", name="login (form)")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/inloggen/",
            data={
                "username": self.username,
                "password": FIXTURE["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/inloggen/"},
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/inloggen/" in response.url:
                response.failure(f"login failed: {response.status_code}")

    def _household(self) -> int:
        return random.choice(self.households)

    @task(4)
    def household_list(self) -> None:
        self.client.get("/huishoudens/", name="household list")

    @task(4)
    def case_page(self) -> None:
        self.client.get(f"/huishoudens/{self._household()}/", name="case page")

    @task(3)
    def api_list(self) -> None:
        self.client.get("/api/v1/households/?page_size=25", name="API household list")

    @task(2)
    def screening_section(self) -> None:
        self.client.get(f"/regelingen/huishouden/{self._household()}/", name="screening")

    @task(1)
    def rescreen(self) -> None:
        # "Opnieuw toetsen": a write; the screening runs in the request and is stored.
        self.client.post(
            f"/regelingen/huishouden/{self._household()}/toetsen/",
            headers={
                "X-CSRFToken": self.client.cookies.get("csrftoken", ""),
                "HX-Request": "true",
                "Referer": f"{self.host}/",
            },
            name="rescreen (POST)",
        )

    @task(2)
    def breakthrough_list(self) -> None:
        self.client.get("/doorbraken/", name="doorbraak list")
