"""The reviewer's desk through its HTTP API: real SQLite, real rules engine, no mocks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from review.app import create_app
from review.db import engine_for, session_factory
from review.models import AuditLog, Document
from review.settings import default_database_url
from review.store import ingest
from review.testing import ACCESS_ID, AUTH_ID, QUARANTINE_ID, make_sample_out
from review.users import UserError, create_user
from tests.conftest import schema

SCHEMA = schema()

REVIEWER = ("rita", "reviewer-pass-1")
REVIEWER2 = ("rob", "reviewer-pass-2")
ADMIN = ("adam", "admin-password-1")


@pytest.fixture()
def desk(tmp_path: Path) -> tuple[Path, str]:
    out = tmp_path / "out"
    make_sample_out(out)
    url = default_database_url(out)
    create_user(url, *REVIEWER, "reviewer")
    create_user(url, *REVIEWER2, "reviewer")
    create_user(url, *ADMIN, "admin")
    return out, url


def client(desk: tuple[Path, str], who: tuple[str, str] | None) -> tuple[TestClient, str]:
    """A TestClient logged in as ``who`` (None: not logged in); returns it and its CSRF token."""
    out, url = desk
    c = TestClient(create_app(out, url))
    if who is None:
        return c, ""
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"username": who[0], "password": who[1], "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c, c.get("/api/me").json()["csrf_token"]


def result_json(out: Path, doc_id: str) -> dict:
    data = json.loads((out / "results" / f"{doc_id}.json").read_text())
    jsonschema.validate(data, SCHEMA)
    return data


def test_request_without_session_is_refused(desk):
    c, _ = client(desk, None)
    r = c.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert c.get(f"/documents/{AUTH_ID}", follow_redirects=False).status_code == 303
    assert c.get("/api/queue").status_code == 401
    assert c.get(f"/api/documents/{AUTH_ID}").status_code == 401
    assert c.get(f"/documents/{AUTH_ID}/pages/2.png", follow_redirects=False).status_code == 303
    r = c.put(f"/api/documents/{AUTH_ID}/fields/recipient_name", json={"value": "x", "version": 1})
    assert r.status_code == 401
    # A forged cookie is no session either.
    c.cookies.set("him_session", "forged.value.sig")
    assert c.get("/api/queue").status_code == 401


def test_wrong_password_is_refused_and_audited(desk):
    c, _ = client(desk, None)
    page = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"username": "rita", "password": "nope-nope-nope", "csrf_token": token})
    assert r.status_code == 401 and "Wrong username or password" in r.text
    with session_factory(desk[1])() as db:
        assert db.scalar(select(AuditLog).where(AuditLog.action == "login_failed")) is not None


def test_reviewer_cannot_reach_admin_pages(desk):
    c, _ = client(desk, REVIEWER)
    for path in ("/admin/users", "/admin/audit", "/api/admin/users", "/api/admin/audit"):
        assert c.get(path).status_code == 403, path
    a, _ = client(desk, ADMIN)
    for path in ("/admin/users", "/admin/audit", "/api/admin/users", "/api/admin/audit"):
        assert a.get(path).status_code == 200, path
    assert "rita" in a.get("/admin/users").text


def test_csrf_is_enforced_on_every_post(desk):
    c, token = client(desk, REVIEWER)
    version = c.get(f"/api/documents/{AUTH_ID}").json()["version"]
    body = {"value": "Acme Law LLP", "version": version}
    url = f"/api/documents/{AUTH_ID}/fields/recipient_name"
    assert c.put(url, json=body).status_code == 403
    assert c.put(url, json=body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    r = c.post(f"/documents/{AUTH_ID}/approve", data={"version": version})
    assert r.status_code == 403
    assert c.post("/logout", data={}).status_code == 403
    # The login form has its own token.
    fresh, _ = client(desk, None)
    fresh.get("/login")
    r = fresh.post("/login", data={"username": REVIEWER[0], "password": REVIEWER[1],
                                   "csrf_token": "made-up"}, follow_redirects=False)
    assert r.status_code == 403
    # With the token, it goes through.
    assert c.put(url, json=body, headers={"X-CSRF-Token": token}).status_code == 200


def test_two_reviewers_editing_the_same_document_conflict(desk):
    a, ta = client(desk, REVIEWER)
    b, tb = client(desk, REVIEWER2)
    va = a.get(f"/api/documents/{AUTH_ID}").json()["version"]
    vb = b.get(f"/api/documents/{AUTH_ID}").json()["version"]
    assert va == vb
    url = f"/api/documents/{AUTH_ID}/fields/recipient_name"
    ra = a.put(url, json={"value": "Acme Law LLP", "version": va}, headers={"X-CSRF-Token": ta})
    assert ra.status_code == 200
    rb = b.put(url, json={"value": "Someone Else", "version": vb}, headers={"X-CSRF-Token": tb})
    assert rb.status_code == 409
    assert "changed by someone else" in rb.json()["detail"]
    assert b.get(f"/api/documents/{AUTH_ID}").json()["fields"]["recipient_name"]["value"] == (
        "Acme Law LLP")
    # Decisions are locked the same way; the htmx form answers 409 into the message area.
    r = b.post(f"/documents/{AUTH_ID}/fields/purpose", data={"value": "litigation", "version": vb},
               headers={"X-CSRF-Token": tb, "HX-Request": "true"})
    assert r.status_code == 409 and r.headers["HX-Retarget"] == "#flash"
    r = b.post(f"/api/documents/{AUTH_ID}/decisions", json={"action": "approve", "version": vb},
               headers={"X-CSRF-Token": tb})
    assert r.status_code == 409


def test_correction_reruns_rules_writes_valid_result_and_audits(desk):
    out, url = desk
    c, token = client(desk, REVIEWER)
    h = {"X-CSRF-Token": token}
    doc = c.get(f"/api/documents/{AUTH_ID}").json()
    assert "AUTH_CORE_RECIPIENT" in [f["code"] for f in doc["findings"]]
    assert doc["validity"] == "invalid"
    # Approving an invalid authorization is refused: correct it or reject it.
    r = c.post(f"/api/documents/{AUTH_ID}/decisions",
               json={"action": "approve", "version": doc["version"]}, headers=h)
    assert r.status_code == 422

    r = c.put(f"/api/documents/{AUTH_ID}/fields/recipient_name",
              json={"value": "Acme Law LLP.", "version": doc["version"]}, headers=h)
    assert r.status_code == 200
    doc = r.json()
    assert doc["findings"] == [] and doc["validity"] == "valid"
    assert doc["fields"]["recipient_name"] == {
        "value": "Acme Law LLP", "confidence": 1.0, "page": None, "bbox": None, "corrected": True}
    data = result_json(out, AUTH_ID)
    assert data["fields"]["recipient_name"] == {"value": "Acme Law LLP", "confidence": 1.0}
    assert data["validity"] == "valid" and data["route"] == "review"  # a person has not approved yet

    r = c.post(f"/api/documents/{AUTH_ID}/decisions",
               json={"action": "approve", "version": doc["version"]}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "approved"
    data = result_json(out, AUTH_ID)
    assert data["route"] == "auto" and data["findings"] == [] and data["review_reasons"] == []
    assert not list((out / "results").glob(".tmp-*"))

    with session_factory(url)() as db:
        rows = list(db.scalars(select(AuditLog).where(AuditLog.document_id == AUTH_ID)))
        actions = [r.action for r in rows]
        assert {"view_document", "correct_field", "approve"} <= set(actions)
        assert all(r.username == "rita" for r in rows)
        # Ids only in the log: no field value, no name from the form.
        for r in db.scalars(select(AuditLog)):
            assert "Acme" not in (r.detail or "") and "Gonzales" not in (r.detail or "")
        # The approved document left the queue.
    assert AUTH_ID not in [i["document_id"] for i in c.get("/api/queue").json()["items"]]


def test_reject_reclassify_and_request_info(desk):
    out, _ = desk
    c, token = client(desk, REVIEWER)
    h = {"X-CSRF-Token": token}
    v = c.get(f"/api/documents/{ACCESS_ID}").json()["version"]
    r = c.post(f"/api/documents/{ACCESS_ID}/decisions",
               json={"action": "reject", "reason": "not-a-reason", "version": v}, headers=h)
    assert r.status_code == 422
    r = c.post(f"/api/documents/{ACCESS_ID}/decisions",
               json={"action": "request_info", "note": "ID copy", "version": v}, headers=h)
    assert r.status_code == 200 and r.json()["status"] == "info_requested"
    v = r.json()["version"]
    r = c.post(f"/api/documents/{ACCESS_ID}/decisions",
               json={"action": "reclassify", "form_type": "amendment_request", "version": v},
               headers=h)
    assert r.status_code == 200
    doc = r.json()
    assert doc["form_type"] == "amendment_request" and doc["form_type_confidence"] == 1.0
    assert "records_requested" not in doc["fields"]
    assert {"AMEND_WHAT", "AMEND_CHANGE", "AMEND_REASON"} <= {f["code"] for f in doc["findings"]}
    assert result_json(out, ACCESS_ID)["due_date"] == "2027-01-02"  # R + 60
    r = c.post(f"/api/documents/{ACCESS_ID}/decisions",
               json={"action": "reject", "reason": "incomplete_form", "version": doc["version"]},
               headers=h)
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    result_json(out, ACCESS_ID)
    # A decided document cannot be decided again.
    r = c.post(f"/api/documents/{ACCESS_ID}/decisions",
               json={"action": "approve", "version": r.json()["version"]}, headers=h)
    assert r.status_code == 422


def test_split_and_merge_pages(desk):
    out, _ = desk
    c, token = client(desk, REVIEWER)
    v = c.get(f"/api/documents/{AUTH_ID}").json()["version"]
    r = c.post(f"/documents/{AUTH_ID}/split", data={"version": v, "pages": ["1"],
               "form_type": "other", "csrf_token": token})
    assert r.status_code == 422  # the first page stays
    r = c.post(f"/documents/{AUTH_ID}/split", data={"version": v, "pages": ["2"],
               "form_type": "third_party_authorization", "csrf_token": token},
               follow_redirects=False)
    assert r.status_code == 303
    new_id = AUTH_ID.rsplit("-p", 1)[0] + "-p002"
    new = result_json(out, new_id)
    assert [p["number"] for p in new["pages"]] == [2] and "patient_name" in new["fields"]
    assert (out / "pages" / new_id / "page-2.png").is_file()
    old = result_json(out, AUTH_ID)
    assert [p["number"] for p in old["pages"]] == [1] and old["fields"] == {}
    # And back together.
    v = c.get(f"/api/documents/{AUTH_ID}").json()["version"]
    r = c.post(f"/documents/{AUTH_ID}/merge", data={"version": v, "other": new_id,
               "csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    merged = result_json(out, AUTH_ID)
    assert [p["number"] for p in merged["pages"]] == [1, 2] and "patient_name" in merged["fields"]
    assert not (out / "results" / f"{new_id}.json").exists()


def test_queue_order_filters_counts_and_quarantine(desk):
    c, _ = client(desk, REVIEWER)
    q = c.get("/api/queue").json()
    ids = [i["document_id"] for i in q["items"]]
    assert ids == [ACCESS_ID, AUTH_ID]  # due date first, none last
    assert QUARANTINE_ID not in ids and q["total"] == 2
    assert q["by_form_type"] == {"access_request": 1, "third_party_authorization": 1}
    assert q["by_channel"] == {"fax": 1, "mail": 1}
    key = next(k for k, v in q["by_reason"].items() if "recipient" in v["reason"])
    assert [i["document_id"] for i in c.get(f"/api/queue?reason={key}").json()["items"]] == [AUTH_ID]
    assert c.get("/api/queue?channel=mail").json()["items"][0]["document_id"] == ACCESS_ID
    assert c.get("/api/queue?form_type=revocation").json()["items"] == []
    html = c.get("/queue?form_type=third_party_authorization").text
    assert AUTH_ID in html and ACCESS_ID not in html
    assert "not a readable TIFF" in c.get("/quarantine").text
    page = c.get(f"/documents/{AUTH_ID}").text
    assert 'id="box-patient_name"' in page and "45 CFR 164.508(c)(1)(iii)" in page
    img = c.get(f"/documents/{AUTH_ID}/pages/2.png")
    assert img.status_code == 200 and img.content[:4] == b"\x89PNG"
    assert "no-store" in img.headers["cache-control"]
    assert c.get(f"/documents/{AUTH_ID}/pages/9.png").status_code == 404


def test_ingest_never_overwrites_a_reviewers_work(desk):
    out, url = desk
    original = (out / "results" / f"{AUTH_ID}.json").read_text()
    c, token = client(desk, REVIEWER)
    v = c.get(f"/api/documents/{AUTH_ID}").json()["version"]
    c.put(f"/api/documents/{AUTH_ID}/fields/recipient_name",
          json={"value": "Acme Law LLP", "version": v}, headers={"X-CSRF-Token": token})
    # The pipeline re-processes the file and writes its own result again.
    (out / "results" / f"{AUTH_ID}.json").write_text(original)
    (out / "results" / "not-json.json").write_text("{")
    assert ingest(out, url) == 0
    with session_factory(url)() as db:
        doc = db.get(Document, AUTH_ID)
        assert doc.field_map()["recipient_name"].value == "Acme Law LLP"
        # An untouched document is refreshed when its result changes.
        data = json.loads((out / "results" / f"{ACCESS_ID}.json").read_text())
        data["form_type_confidence"] = 0.5
        (out / "results" / f"{ACCESS_ID}.json").write_text(json.dumps(data))
    assert ingest(out, url) == 1
    with session_factory(url)() as db:
        assert db.get(Document, ACCESS_ID).form_type_confidence == 0.5


def test_audit_log_is_append_only(desk):
    _, url = desk
    engine = engine_for(url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() > 0
    for stmt in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(stmt))


def test_create_user_rules(desk):
    _, url = desk
    with pytest.raises(UserError):
        create_user(url, "x y", "long-enough-password", "reviewer")
    with pytest.raises(UserError):
        create_user(url, "shorty", "short", "reviewer")
    with pytest.raises(UserError):
        create_user(url, "boss", "long-enough-password", "superuser")
    uid = create_user(url, "rita", "a-new-password-1", "admin")  # reset
    c, _ = client(desk, ("rita", "a-new-password-1"))
    assert c.get("/api/me").json() == {"username": "rita", "role": "admin",
                                       "csrf_token": c.get("/api/me").json()["csrf_token"]}
    assert uid > 0
