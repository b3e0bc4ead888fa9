"""The journeys of `benchmarks/load.py` (locust): a professional signs in, then works through the
household list, case pages, the API, the screening and the doorbraak list, with think time.

Run by load.py (it prepares the database, starts gunicorn and passes LOAD_FIXTURE); not on its own.
FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares the
two cores with the server, and it costs a few times less CPU per request, which the server gets.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import FastHttpUser, between, task

with open(os.environ["LOAD_FIXTURE"]) as fixture_file:
    FIXTURE = json.load(fixture_file)
_ACCOUNTS = itertools.cycle(FIXTURE["users"])
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Think time between two clicks, in seconds: load.py --think (1-5 by default).
THINK_MIN, THINK_MAX = FIXTURE["think"]


class Professional(FastHttpUser):
    wait_time = between(THINK_MIN, THINK_MAX)

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
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Signed in: a redirect away from the login page (a failure renders the form again).
            if response.status_code != 302 or "/inloggen/" in response.headers.get("Location", ""):
                response.failure(f"login failed: {response.status_code}")

    def _cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.client.cookiejar if c.name == name), "")

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
                "X-CSRFToken": self._cookie("csrftoken"),
                "HX-Request": "true",
                "Referer": f"{self.host}/",
            },
            name="rescreen (POST)",
        )

    @task(2)
    def breakthrough_list(self) -> None:
        self.client.get("/doorbraken/", name="doorbraak list")
