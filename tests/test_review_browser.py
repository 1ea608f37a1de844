"""The reviewer's desk in a real browser: Debian's Chromium driven by Playwright.

Logs in, opens the flagged authorization, fills in the missing recipient, sees
the finding clear, approves with the keyboard, then checks the audit log (as
an admin) and the rewritten result JSON. A screenshot of the document view is
saved to tests/artifacts/.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import schema

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCHEMA = schema()

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="/usr/bin/chromium missing (apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path: Path):
    import uvicorn

    from review.app import create_app
    from review.settings import default_database_url
    from review.testing import make_sample_out
    from review.users import create_user

    out = tmp_path / "out"
    make_sample_out(out)
    url = default_database_url(out)
    create_user(url, "rita", "reviewer-pass-1", "reviewer")
    create_user(url, "adam", "admin-password-1", "admin")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(out, url), host="127.0.0.1", port=port,
                                        log_level="warning", access_log=False))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "review server did not start"
    yield f"http://127.0.0.1:{port}", out
    srv.should_exit = True
    thread.join(timeout=5)


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/queue")
    assert "/login" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/queue")


def test_review_a_flagged_document_in_chromium(server):
    from playwright.sync_api import expect, sync_playwright

    from review.testing import AUTH_ID

    base, out = server
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / ".gitignore").write_text("*\n")  # test output, never committed
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        try:
            ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
            page = ctx.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            _login(page, base, "rita", "reviewer-pass-1")

            # Queue: two documents, j moves the selection, Enter opens it.
            rows = page.locator("#queue tbody tr")
            expect(rows).to_have_count(2)
            page.keyboard.press("j")
            expect(rows.nth(1)).to_have_class("selected")
            page.keyboard.press("Enter")
            page.wait_for_url(f"{base}/documents/{AUTH_ID}")

            finding = page.locator('.finding[data-code="AUTH_CORE_RECIPIENT"]')
            expect(finding).to_be_visible()
            expect(finding).to_contain_text("45 CFR 164.508(c)(1)(iii)")
            expect(page.locator("#validity")).to_have_text("invalid")

            # Click a field: its box is highlighted on the page image.
            page.click('.field-row[data-field="patient_name"] label')
            expect(page.locator("#box-patient_name")).to_have_class("box active")
            # Click the page: it zooms.
            page.locator("#page-2 .sheet").click(position={"x": 30, "y": 30})
            expect(page.locator("#page-2")).to_have_class("page zoomed")
            page.locator("#page-2 .sheet").click(position={"x": 30, "y": 30})

            page.screenshot(path=str(ARTIFACTS / "review-document-flagged.png"), caret="initial")

            # Fill in the missing recipient: rules re-run, the finding clears live.
            page.fill("#f-recipient_name", "Acme Law LLP")
            page.keyboard.press("Tab")
            expect(page.locator("#validity")).to_have_text("valid")
            expect(finding).to_have_count(0)
            expect(page.locator("#state-recipient_name")).to_contain_text("corrected")
            page.click('.field-row[data-field="recipient_address"] label')
            expect(page.locator("#box-recipient_address")).to_be_in_viewport()
            page.screenshot(path=str(ARTIFACTS / "review-document.png"), caret="initial")

            # Approve with the keyboard.
            page.keyboard.press("Escape")
            page.keyboard.press("a")
            page.wait_for_url(lambda u: AUTH_ID not in u)
            assert not [e for e in errors if "Content Security Policy" in e], errors

            # The result JSON was rewritten, and still meets the contract.
            data = json.loads((out / "results" / f"{AUTH_ID}.json").read_text())
            jsonschema.validate(data, SCHEMA)
            assert data["fields"]["recipient_name"] == {"value": "Acme Law LLP", "confidence": 1.0}
            assert data["validity"] == "valid" and data["route"] == "auto"

            # The reviewer cannot see the audit log; the admin can, and it shows the work.
            resp = page.goto(f"{base}/admin/audit")
            assert resp is not None and resp.status == 403
            admin = browser.new_context().new_page()
            _login(admin, base, "adam", "admin-password-1")
            admin.goto(f"{base}/admin/audit?document_id={AUTH_ID}")
            actions = admin.locator("#audit td.action").all_inner_texts()
            assert {"view_document", "view_page", "correct_field", "approve"} <= set(actions)
            assert "Acme" not in admin.locator("#audit").inner_text()
        finally:
            browser.close()
