"""The season's peak as Locust users, for bench/peak.py (which prepares the accounts and starts this).

Two kinds of coordinator, in the proportions of a busy week before the functioneringsgesprekken:
- `Editor` (2 of 3): fills in the zelfscan: page views (keuzemodel, overview, plan, list) and
  autosaves of the keuzemodel, 60:40;
- `Preparer` (1 of 3): gets ready for the talk: the same page views and downloads of their
  profile PDF, 60:40 (the first download renders it, later ones are served from the stored copy).
Together about 60% page views, 27% autosaves and 13% PDF downloads. Each simulated person logs in
once as their own account (from PEAK_ACCOUNTS, a JSON file); the run stops by itself after
PEAK_REQUESTS requests. Every request is named by its kind (page, autosave, pdf, login), so the
statistics are per kind.

The app's cookies are Secure (production settings) and this runs over plain HTTP to 127.0.0.1,
where a cookie jar would not send them back: each user keeps its cookies itself.
"""

import itertools
import json
import os
import random
import re
import threading

import gevent
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(open(os.environ["PEAK_ACCOUNTS"]).read()) if os.environ.get("PEAK_ACCOUNTS") else []
LIMIT = int(os.environ.get("PEAK_REQUESTS", "1000"))
PASSWORD = os.environ.get("PEAK_PASSWORD", "demo")
_next_account = itertools.count()
_lock = threading.Lock()
_done = {"requests": 0, "stopping": False}


@events.request.add_listener
def _count(request_type, name, response_time, response_length, exception, context, **kwargs):
    """Stop the whole run after LIMIT requests (logins included)."""
    with _lock:
        _done["requests"] += 1
        stop = _done["requests"] >= LIMIT and not _done["stopping"]
        if stop:
            _done["stopping"] = True
    if stop:
        environment = context.get("environment") if isinstance(context, dict) else None
        runner = (environment or _environment).runner
        if runner is not None:
            # In a greenlet of its own: quitting stops every user's greenlet, this one too.
            gevent.spawn(runner.quit)


_environment = None


@events.init.add_listener
def _remember(environment, **kwargs):
    global _environment
    _environment = environment


class Coordinator(HttpUser):
    abstract = True
    wait_time = between(0.0, 0.2)

    def on_start(self):
        self.jar: dict[str, str] = {}
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        base = f"/assessments/{self.account['assessment']}"
        self.pages = [
            f"{base}/keuzemodel/{self.account['section']}/",
            f"{base}/overview/",
            f"{base}/plan/",
            "/assessments/",
        ]
        self.revision = None
        self.saves = 0
        form = self.call("GET", "/account/login/", "login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text or "")
        data = {"username": self.account["email"], "password": PASSWORD, "csrfmiddlewaretoken": token and token[1]}
        self.call("POST", "/account/login/", "login", data=data, expect=302)

    def call(self, method: str, path: str, name: str, expect: int = 200, **kwargs):
        headers = kwargs.pop("headers", {})
        if self.jar:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.jar.items())
        with self.client.request(
            method, path, name=name, headers=headers, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            for cookie in response.cookies:
                self.jar[cookie.name] = cookie.value
            self.client.cookies.clear()
            if response.status_code != expect:
                response.failure(f"HTTP {response.status_code}")
            elif name == "autosave" and "save-ok" not in response.text:
                response.failure("no saved fragment")
            elif name == "pdf" and not response.content.startswith(b"%PDF"):
                response.failure("not a PDF")
            else:
                response.success()
            return response

    def page(self):
        path = random.choice(self.pages)
        response = self.call("GET", path, "page")
        self.read_revision(response.text)

    def read_revision(self, html: str) -> None:
        item = re.escape(self.account["item"])
        found = re.search(rf'name="revision" value="(\d+)" id="revision-{item}"', html or "")
        if found:
            self.revision = int(found[1])


class Editor(Coordinator):
    weight = 2

    @task(6)
    def view(self):
        self.page()

    @task(4)
    def autosave(self):
        if self.revision is None:  # the revision comes from the keuzemodel page
            self.read_revision(self.call("GET", self.pages[0], "page").text)
        self.saves += 1
        data = {
            "applies": "1",
            "current": str(2 + self.saves % 2),
            "desired": str(3 + self.saves % 2),
            "note": f"Piekbelasting, opslag {self.saves}.",
            "revision": str(self.revision or 0),
        }
        headers = {"HX-Request": "true", "X-CSRFToken": self.jar.get("csrftoken", "")}
        path = f"/assessments/{self.account['assessment']}/answers/{self.account['item']}/"
        response = self.call("POST", path, "autosave", data=data, headers=headers)
        item = re.escape(self.account["item"])
        found = re.search(rf'value="(\d+)" id="revision-{item}" hx-swap-oob', response.text or "")
        if found:
            self.revision = int(found[1])


class Preparer(Coordinator):
    weight = 1

    @task(6)
    def view(self):
        self.page()

    @task(4)
    def pdf(self):
        self.call("GET", f"/assessments/{self.account['assessment']}/pdf/", "pdf")
