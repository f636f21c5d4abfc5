"""Two-step login through the pages and the API: set-up, the code after the password, wrong
codes, replays, recovery codes, the admin rule, and the audit trail of each event."""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
from fastapi import Request
from fastapi.responses import Response as PageResponse
from fastapi.testclient import TestClient
from httpx2 import Response

from growpath.adapters.clock import FixedClock
from growpath.bootstrap import Growpath
from growpath.domain.accounts import Role
from growpath.entrypoints.app import create_app
from growpath.entrypoints.web.security import log_in
from growpath.services import accounts, audit
from growpath.services.context import operator_context
from growpath.services.demo import DEMO_TOTP_SECRET, DemoOrganisation
from tests.conftest import PASSWORD
from tests.e2e.conftest import ADMIN, PARTICIPANT, bearer, csrf_of, log_in_page, second_step
from tests.mailbox import mail_to, mailed_token
from tests.second_factor import next_code

NEW_ADMIN = "person1@example.com"
HTML = {"accept": "text/html"}


def _new_admin(app: Growpath) -> None:
    accounts.create_account(app, NEW_ADMIN, {Role.ORG_ADMIN, Role.PARTICIPANT}, PASSWORD)


def _password(client: TestClient, email: str, password: str = PASSWORD) -> Response:
    fields = {"email": email, "password": password, "csrf": csrf_of(client.get("/login").text)}
    return client.post("/login", data=fields, follow_redirects=False)


def _type_code(client: TestClient, code: str) -> Response:
    page = client.get("/login/code")
    assert page.status_code == 200, page.text
    data = {"code": code, "csrf": csrf_of(page.text)}
    return client.post("/login/code", data=data, follow_redirects=False)


def _set_up(client: TestClient) -> tuple[str, list[str]]:
    """Set up two-step login on the page as a person would; return the key and the codes."""
    page = client.get("/account/two-step")
    client.post("/account/two-step/start", data={"csrf": csrf_of(page.text)})
    page = client.get("/account/two-step")
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', page.text)
    assert secret is not None, page.text
    assert "<svg" in page.text  # the QR code, inline
    app: Growpath = client.app.state.growpath  # type: ignore[attr-defined]
    code = pyotp.TOTP(secret.group(1)).at(app.clock.now())
    done = client.post("/account/two-step/confirm", data={"code": code, "csrf": csrf_of(page.text)})
    assert done.status_code == 200, done.text
    codes = re.findall(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", done.text)
    assert len(codes) == 10
    return secret.group(1), codes


def _actions(app: Growpath, action: str, email: str = NEW_ADMIN) -> list[tuple[str, str]]:
    found = audit.query_audit(operator_context(app), action=action, actor_email=email, limit=50)
    return [(event.action, event.outcome) for event in found]


def test_an_admin_without_two_step_login_is_sent_to_set_it_up_before_any_page(
    seeded: Growpath, client: TestClient
) -> None:
    _new_admin(seeded)
    landed = _password(client, NEW_ADMIN)
    assert landed.headers["location"] == "/account/two-step"
    # Admin pages, and (decided: the account is an admin's either way) every other page too.
    for path in ("/admin", "/admin/accounts", "/admin/audit", "/people", "/home", "/"):
        answer = client.get(path, headers=HTML, follow_redirects=True)
        assert answer.url.path == "/account/two-step", path
        assert "Administrators log in with two steps" in answer.text
    # What stays open: the set-up itself, the password change and logging out.
    assert client.get("/account/password").status_code == 200


def test_the_api_refuses_an_admin_without_two_step_login_with_a_code_to_act_on(
    seeded: Growpath, client: TestClient
) -> None:
    _new_admin(seeded)
    headers = bearer(client, NEW_ADMIN)
    for path in ("/api/v1/audit", "/api/v1/programs", "/api/v1/people"):
        refused = client.get(path, headers=headers)
        assert refused.status_code == 403, path
        assert refused.json()["code"] == "totp_setup_required"
        assert "/account/two-step" in refused.json()["detail"]
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_setting_up_opens_the_admin_pages_and_ends_what_the_password_alone_began(
    seeded: Growpath, client: TestClient
) -> None:
    _new_admin(seeded)
    old_token = bearer(client, NEW_ADMIN)
    elsewhere = TestClient(client.app)
    log_in_page(elsewhere, NEW_ADMIN)
    log_in_page(client, NEW_ADMIN)
    _set_up(client)
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 200
    assert client.get("/api/v1/me", headers=old_token).status_code == 401
    assert elsewhere.get("/admin", headers=HTML, follow_redirects=False).status_code == 303
    assert _actions(seeded, "mfa.totp_on") == [("mfa.totp_on", "allowed")]
    # The secret is sealed at rest: the database file never holds it in clear.
    with seeded.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT secret FROM totp_credentials").scalars().all()
    assert stored and all(s.startswith("gp1:") for s in stored)


def test_a_wrong_first_code_turns_nothing_on(seeded: Growpath, client: TestClient) -> None:
    _new_admin(seeded)
    log_in_page(client, NEW_ADMIN)
    page = client.get("/account/two-step")
    client.post("/account/two-step/start", data={"csrf": csrf_of(page.text)})
    page = client.get("/account/two-step")
    refused = client.post(
        "/account/two-step/confirm", data={"code": "000000", "csrf": csrf_of(page.text)}
    )
    assert refused.status_code == 422
    assert "is not the code your app shows now" in refused.text
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303


def test_a_password_alone_logs_nobody_in_when_two_step_login_is_on(
    seeded: Growpath, client: TestClient
) -> None:
    answer = _password(client, ADMIN)
    assert answer.headers["location"] == "/login/code"
    assert (
        client.get("/admin", headers=HTML, follow_redirects=False)
        .headers["location"]
        .startswith("/login")
    )
    assert client.get("/api/v1/me").status_code == 401
    wrong = _type_code(client, "000000")
    assert wrong.status_code == 401
    assert "wrong or was used already" in wrong.text
    right = _type_code(client, next_code(seeded, ADMIN))
    assert (right.status_code, right.headers["location"]) == (303, "/admin")
    assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 200


def test_the_code_page_goes_on_to_the_page_asked_for(seeded: Growpath, client: TestClient) -> None:
    page = client.get("/login?next=/admin/audit")
    fields = {"email": ADMIN, "password": PASSWORD, "next": "/admin/audit"}
    client.post("/login", data={**fields, "csrf": csrf_of(page.text)}, follow_redirects=False)
    done = second_step(client, ADMIN)
    assert done.headers["location"] == "/admin/audit"


def test_a_pending_second_step_expires(seeded: Growpath, client: TestClient) -> None:
    _password(client, ADMIN)
    assert isinstance(seeded.clock, FixedClock)
    seeded.clock.advance(timedelta(minutes=6))
    late = _type_code(client, next_code(seeded, ADMIN))
    assert late.headers["location"] == "/login"
    assert client.get("/api/v1/me").status_code == 401


def test_a_code_works_once(seeded: Growpath, client: TestClient) -> None:
    code = next_code(seeded, ADMIN)
    body = {"email": ADMIN, "password": PASSWORD, "code": code}
    assert client.post("/api/v1/auth/token", json=body).status_code == 200
    replayed = client.post("/api/v1/auth/token", json=body)
    assert replayed.status_code == 401
    _password(client, ADMIN)
    assert _type_code(client, code).status_code == 401
    reasons = [
        e.detail["reason"]
        for e in audit.query_audit(operator_context(seeded), action="mfa.code", outcome="denied")
    ]
    assert reasons == ["code used before", "code used before"]


def test_the_api_asks_for_the_code_when_two_step_login_is_on(
    seeded: Growpath, client: TestClient
) -> None:
    missing = client.post("/api/v1/auth/token", json={"email": ADMIN, "password": PASSWORD})
    assert missing.status_code == 401
    assert missing.json()["code"] == "totp_code_required"
    assert "code field" in missing.json()["detail"]
    wrong = client.post(
        "/api/v1/auth/token", json={"email": ADMIN, "password": PASSWORD, "code": "123 456"}
    )
    # A wrong code is a failed login like any other, not a call for a code.
    assert wrong.status_code == 401 and wrong.json()["code"] == "authentication_failed"
    # A wrong password says nothing about two-step login.
    bad = client.post("/api/v1/auth/token", json={"email": ADMIN, "password": "wrong-pass-1"})
    assert bad.json() == {
        "detail": "wrong e-mail or password",
        "problems": [],
        "code": "authentication_failed",
    }
    headers = bearer(client, ADMIN)
    assert client.get("/api/v1/audit", headers=headers).status_code == 200


def test_a_recovery_code_logs_in_once(seeded: Growpath, client: TestClient) -> None:
    _new_admin(seeded)
    log_in_page(client, NEW_ADMIN)
    _, codes = _set_up(client)
    client.post("/logout", data={"csrf": csrf_of(client.get("/account/password").text)})
    _password(client, NEW_ADMIN)
    used = _type_code(client, codes[0].upper())
    assert used.status_code == 303
    assert "Recovery codes left: 9" in client.get("/account/two-step").text
    client.post("/logout", data={"csrf": csrf_of(client.get("/account/password").text)})
    _password(client, NEW_ADMIN)
    assert _type_code(client, codes[0]).status_code == 401
    assert _actions(seeded, "mfa.recovery_code_used") == [("mfa.recovery_code_used", "allowed")]


def test_wrong_codes_are_throttled_and_the_owner_is_told(
    seeded: Growpath, client: TestClient
) -> None:
    _password(client, ADMIN)
    for _ in range(5):
        assert _type_code(client, "000000").status_code == 401
    throttled = _type_code(client, next_code(seeded, ADMIN))
    assert throttled.status_code == 429
    assert "too many wrong codes" in throttled.text
    api = client.post(
        "/api/v1/auth/token",
        json={"email": ADMIN, "password": PASSWORD, "code": next_code(seeded, ADMIN)},
    )
    assert api.status_code == 429
    (mail,) = [m for m in mail_to(seeded, ADMIN) if "two-step login codes" in m]
    assert "They knew your password" in mail
    assert isinstance(seeded.clock, FixedClock)
    seeded.clock.advance(timedelta(minutes=16))
    assert _password(client, ADMIN).headers["location"] == "/login/code"
    assert _type_code(client, next_code(seeded, ADMIN)).status_code == 303


def test_a_password_reset_still_asks_for_the_second_step(
    seeded: Growpath, client: TestClient
) -> None:
    page = client.get("/password-reset")
    client.post("/password-reset", data={"csrf": csrf_of(page.text), "email": ADMIN})
    token = mailed_token(seeded, ADMIN, "/password-reset")
    form = client.get(f"/password-reset/{token}")
    reset = client.post(
        "/password-reset/new",
        data={"csrf": csrf_of(form.text), "token": token, "new_password": "reset-and-chosen-5"},
        follow_redirects=False,
    )
    assert reset.headers["location"] == "/login/code"
    assert client.get("/api/v1/me").status_code == 401
    done = _type_code(client, next_code(seeded, ADMIN))
    assert done.status_code == 303


def test_new_recovery_codes_need_a_current_code_and_replace_the_old_ones(
    seeded: Growpath, client: TestClient
) -> None:
    _new_admin(seeded)
    log_in_page(client, NEW_ADMIN)
    secret, old = _set_up(client)
    ask = client.get("/account/two-step/recovery-codes")
    assert 'type="password"' in ask.text
    wrong = client.post(
        "/account/two-step/recovery-codes",
        data={"csrf": csrf_of(ask.text), "confirm": "yes", "proof": "not-my-password-1"},
    )
    assert wrong.status_code == 422
    assert "neither a current code" in wrong.text
    assert isinstance(seeded.clock, FixedClock)
    seeded.clock.advance(timedelta(seconds=90))  # the set-up's code is spent
    code = pyotp.TOTP(secret).at(seeded.clock.now())
    new = client.post(
        "/account/two-step/recovery-codes",
        data={"csrf": csrf_of(ask.text), "confirm": "yes", "proof": code},
    )
    fresh = re.findall(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", new.text)
    assert len(fresh) == 10 and not set(fresh) & set(old)
    assert _actions(seeded, "mfa.recovery_codes_regenerated") == [
        ("mfa.recovery_codes_regenerated", "allowed")
    ]
    client.post("/logout", data={"csrf": csrf_of(client.get("/account/password").text)})
    _password(client, NEW_ADMIN)
    assert _type_code(client, old[1]).status_code == 401
    assert _type_code(client, fresh[1]).status_code == 303


def test_turning_it_off_takes_the_password_and_sends_an_admin_back_to_set_up(
    seeded: Growpath, client: TestClient
) -> None:
    log_in_page(client, ADMIN)
    ask = client.get("/account/two-step/off")
    assert "Turn off two-step login" in ask.text
    unconfirmed = client.post(
        "/account/two-step/off", data={"csrf": csrf_of(ask.text), "proof": PASSWORD}
    )
    assert unconfirmed.status_code == 200 and "What will happen" in unconfirmed.text
    off = client.post(
        "/account/two-step/off",
        data={"csrf": csrf_of(ask.text), "proof": PASSWORD, "confirm": "yes"},
        follow_redirects=False,
    )
    assert off.headers["location"] == "/account/two-step"
    assert client.get("/admin", headers=HTML, follow_redirects=False).headers["location"] == (
        "/account/two-step"
    )
    assert _actions(seeded, "mfa.totp_off", ADMIN) == [("mfa.totp_off", "allowed")]
    # A password alone again (from a client without the cookie), and the admin rule applies.
    login = TestClient(client.app).post(
        "/api/v1/auth/token", json={"email": ADMIN, "password": PASSWORD}
    )
    assert login.status_code == 200


def test_a_participant_may_set_it_up_too_and_is_never_forced(
    seeded: Growpath, client: TestClient
) -> None:
    log_in_page(client, PARTICIPANT)
    assert client.get("/home", headers=HTML, follow_redirects=False).status_code == 200
    _set_up(client)
    client.post("/logout", data={"csrf": csrf_of(client.get("/account/password").text)})
    assert _password(client, PARTICIPANT).headers["location"] == "/login/code"


def test_the_demo_admins_log_in_with_the_printed_key(
    sqlite_app: Growpath, demo: DemoOrganisation
) -> None:
    admins = [login for login in demo.logins if login.role.endswith("admin")]
    assert admins and all(login.totp_secret == DEMO_TOTP_SECRET for login in admins)
    assert all(not login.totp_secret for login in demo.logins if login not in admins)
    with TestClient(create_app(sqlite_app)) as client:
        for login in admins:
            code = pyotp.TOTP(login.totp_secret).at(sqlite_app.clock.now())
            body = {"email": login.email, "password": login.password, "code": code}
            assert client.post("/api/v1/auth/token", json=body).status_code == 200


def test_a_session_that_single_sign_on_began_needs_no_two_step_login_here(
    seeded: Growpath,
) -> None:
    # Stands in for the OIDC and SAML callbacks, which call log_in(..., method=SSO) once the
    # identity provider has vouched for the person.
    _new_admin(seeded)
    web = create_app(seeded)

    @web.get("/sso-callback-for-test", include_in_schema=False)
    def sso_callback(request: Request) -> PageResponse:
        actor = accounts.authenticate(seeded, NEW_ADMIN, PASSWORD)
        log_in(request, actor, method="sso")  # as the lead wires the SSO callbacks
        return PageResponse("in")

    with TestClient(web) as client:
        client.get("/sso-callback-for-test")
        assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 200
        # Its password change keeps the session's method.
        page = client.get("/account/password")
        changed = client.post(
            "/account/password",
            data={
                "csrf": csrf_of(page.text),
                "current_password": PASSWORD,
                "new_password": "a-new-password-7",
            },
        )
        assert changed.status_code == 200
        assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 200
    with TestClient(web) as client:
        log_in_page(client, NEW_ADMIN, "a-new-password-7")
        assert client.get("/admin", headers=HTML, follow_redirects=False).status_code == 303


def test_the_login_form_takes_the_code_with_the_password_too(
    seeded: Growpath, client: TestClient
) -> None:
    fields = {"email": ADMIN, "password": PASSWORD, "csrf": csrf_of(client.get("/login").text)}
    wrong = client.post("/login", data={**fields, "code": "000000"}, follow_redirects=False)
    assert wrong.status_code == 401 and "wrong or was used already" in wrong.text
    fields["csrf"] = csrf_of(wrong.text)
    done = client.post(
        "/login", data={**fields, "code": next_code(seeded, ADMIN)}, follow_redirects=False
    )
    assert done.headers["location"] == "/admin"
