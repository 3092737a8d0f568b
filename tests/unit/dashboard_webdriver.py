#!/usr/bin/env python3
"""dashboard_webdriver.py - drives spherule-cloud's dashboard in headless
Chromium through chromedriver's W3C WebDriver HTTP API (plain urllib, no
selenium) and prints TAP lines; run by tests/unit/test_dashboard.sh, which
starts the service, claims a device and hands over, in the environment:

  DASH_URL        the service (http://127.0.0.1:PORT)
  DASH_TOKEN      the admin token (to check through the API what the page did)
  DASH_PASSWORD   the admin account's password (STATE/admin-password)
  DASH_DEVICE     the claimed device's id
  DASH_WEBDRIVER  chromedriver's URL (http://127.0.0.1:PORT)
  DASH_PROFILE    a private, empty directory for Chromium's profile
  DASH_CHECKIN    a shell command: the device checks in (healthy, OS version 1)
  DASH_REPORT     a shell command: the device checks in with a crash report
  DASH_SCREENSHOT (optional) where to save a PNG of the page before logging out
"""
import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C element reference key
ENV = os.environ
URL, TOKEN, WD = ENV["DASH_URL"], ENV["DASH_TOKEN"], ENV["DASH_WEBDRIVER"]
count = 0
fails = 0


def tap(ok, name, skip=None):
    global count, fails
    count += 1
    if skip:
        print(f"ok {count} - {name} # SKIP {skip}")
    else:
        print(f"{'ok' if ok else 'not ok'} {count} - {name}")
        fails += 0 if ok else 1
    sys.stdout.flush()


def http(method, url, body=None, headers=None):
    """(status, parsed JSON or None) of one request."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, text = resp.status, resp.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, None


def admin(path):
    return http("GET", URL + path, headers={"Authorization": "Bearer " + TOKEN})


class Browser:
    """One WebDriver session."""

    def __init__(self):
        args = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-extensions", "--window-size=1280,1000", "--user-data-dir=" + ENV["DASH_PROFILE"]]
        # Chromium refuses to start as root with its sandbox (it needs an
        # unprivileged user for its namespaces); CI and this test run as root,
        # so only then the sandbox is off. The page is our own, on loopback.
        if os.geteuid() == 0:
            args.append("--no-sandbox")
        status, answer = http("POST", WD + "/session", {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}}}})
        if status != 200:
            raise RuntimeError(f"new session: {status} {answer}")
        self.base = WD + "/session/" + answer["value"]["sessionId"]

    def cmd(self, method, path, body=None):
        status, answer = http(method, self.base + path, body)
        value = answer.get("value") if isinstance(answer, dict) else None
        if status != 200:
            raise RuntimeError(f"{method} {path}: {status} {value}")
        return value

    def go(self, url):
        self.cmd("POST", "/url", {"url": url})

    def find(self, css):
        """The elements matching css (a list of element ids)."""
        return [e[ELEMENT] for e in self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def text(self, css):
        """The visible text of the first element matching css, or None."""
        found = self.find(css)
        return self.cmd("GET", f"/element/{found[0]}/text") if found else None

    def shown(self, css):
        found = self.find(css)
        return bool(found) and self.cmd("GET", f"/element/{found[0]}/displayed")

    def type(self, css, text):
        element = self.find(css)[0]
        self.cmd("POST", f"/element/{element}/clear", {})
        self.cmd("POST", f"/element/{element}/value", {"text": text})

    def click(self, css):
        self.cmd("POST", f"/element/{self.find(css)[0]}/click", {})

    def cookie(self, name):
        return self.cmd("GET", "/cookie/" + name)

    def screenshot(self, path):
        with open(path, "wb") as f:
            f.write(base64.b64decode(self.cmd("GET", "/screenshot")))

    def quit(self):
        http("DELETE", self.base)


def wait_for(what, seconds=30):
    """what()'s first true value within seconds, else None."""
    end = time.monotonic() + seconds
    while True:
        try:
            value = what()
        except RuntimeError:
            value = None
        if value or time.monotonic() > end:
            return value
        time.sleep(0.25)


def run(command):
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True)
    if done.returncode != 0:
        print("# " + (done.stdout + done.stderr).strip().replace("\n", "\n# "))
    return done.returncode == 0


def main():
    device = ENV["DASH_DEVICE"]
    row = f'tr[data-device="{device}"]'
    b = Browser()
    try:
        b.go(URL + "/")
        tap(wait_for(lambda: b.shown("#login-form")), "the page opens on its login form")
        tap(not b.shown("#fleet"), "nothing of the fleet is shown before a login")

        b.type("#login-password", "not the password")
        b.click("#login-submit")
        error = wait_for(lambda: b.text("#login-error"))
        tap(error == "wrong name or password", f"a bad password shows the error ({error!r})")
        tap(not b.shown("#fleet"), "and shows no fleet")

        b.type("#login-password", ENV["DASH_PASSWORD"])
        b.click("#login-submit")
        tap(wait_for(lambda: b.shown("#fleet")), "the right password shows the fleet")
        tap(wait_for(lambda: b.text(row + " .device-health") == "never checked in"),
            "the claimed device is listed, never checked in")
        sid = b.cookie("sid")
        tap(sid.get("httpOnly") is True and sid.get("sameSite") == "Strict" and sid.get("path") == "/",
            f"the session cookie is HttpOnly, SameSite=Strict, Path=/ ({sid.get('httpOnly')}, "
            f"{sid.get('sameSite')}, {sid.get('path')})")

        tap(run(ENV["DASH_CHECKIN"]), "the fake device checks in (attested: healthy, OS 1, hello 3)")
        health = wait_for(lambda: b.text(row + " .device-health") == "healthy")
        tap(health, "its row shows the check-in's health without a reload: healthy")
        tap(b.text(row + " .device-os") == "v1 (slot A)" and b.text(row + " .device-apps") == "hello v3",
            f"and its OS ({b.text(row + ' .device-os')!r}) and apps ({b.text(row + ' .device-apps')!r})")
        tap("UTC" in (b.text(row + " .device-last") or ""), "and its last check-in time")
        rollout = wait_for(lambda: b.text('tr[data-group] .rollout-count') == "1/1 devices")
        tap(rollout, f"the group's rollout counts it on the deployment ({b.text('tr[data-group] .rollout-count')!r})")

        b.click(row + " button.check-now")
        tap(wait_for(lambda: admin(f"/v1/devices/{device}")[1].get("check_now") is True),
            "'Check now' sets the device's check_now (seen through the API)")
        tap(wait_for(lambda: b.text(row + " .check-now-state") == "requested"), "and the row says requested")

        status, _ = admin("/v1/error-reports/summary")
        if status == 404:
            tap(wait_for(lambda: b.text("#reports-status") == "no error reports service"),
                "without the error reports service the page says so")
            tap(True, "a crash report appears on the page", skip="GET /v1/error-reports/summary answers 404 "
                "(the reports service, branch sec-reports-svc, is not merged)")
        else:
            tap(run(ENV["DASH_REPORT"]), "the fake device checks in with a crash report")
            tap(wait_for(lambda: b.text('#reports tr[data-component] .report-name') == "hello"
                         and b.text('#reports tr[data-component] .report-kind') == "crash"),
                "a crash report appears on the page: hello, crash")
            tap(wait_for(lambda: b.find("#reports-chart rect.bar")), "and a bar on the chart of days")

        if ENV.get("DASH_SCREENSHOT"):
            b.screenshot(ENV["DASH_SCREENSHOT"])
        b.click("#logout")
        tap(wait_for(lambda: b.shown("#login-form")) and not b.shown("#fleet"), "log out shows the login form")
        status, _ = http("GET", URL + "/v1/devices", headers={"Cookie": "sid=" + sid["value"]})
        tap(status == 401, f"and the old session cookie is refused ({status})")
    finally:
        b.quit()
    print(f"1..{count}")
    return 1 if fails else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (RuntimeError, OSError, KeyError) as e:  # no browser, no driver: one failure that says why
        tap(False, f"the browser session runs: {e}")
        print(f"1..{count}")
        sys.exit(1)
