"""The permission matrix: which rule guards each route, written down once.

The services enforce these rules (``require_admin``, ``access_administered_program``,
``access_engagement``, ``member_role``);
this table states them, docs/permissions.md shows them, and a test checks every route of
the app against it for every role, so a route without an entry fails the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute


class Rule(StrEnum):
    """Who may use a route."""

    PUBLIC = "public"
    LOGIN = "login"
    ADMIN = "admin"
    PROGRAM_ADMIN = "program_admin"
    ORG_ADMIN = "org_admin"
    OWNER = "owner"
    PARTY = "party"
    MEMBER = "member"
    PAIR = "pair"
    RATER = "rater"
    MANAGER = "manager"
    FORM = "form"
    SELF = "self"
    SCIM = "scim"
    TRIAD = "triad"
    TRIAD_ROUND = "triad_round"
    GUIDE = "guide"
    AUTHOR = "author"


RULE_TEXT: dict[Rule, str] = {
    Rule.PUBLIC: "anyone, logged in or not",
    Rule.LOGIN: "any logged-in account",
    Rule.ADMIN: "program admins, whichever programs they administer, and organisation admins "
    "(others: 403)",
    Rule.PROGRAM_ADMIN: "the admins of the program concerned (of the run's program; for a "
    "person, of a program they enrolled in) and organisation admins (others, admins of other "
    "programs included: 403, whether the program or run exists or not)",
    Rule.ORG_ADMIN: "organisation admins only (others: 403)",
    Rule.OWNER: "the enrolment's own person, and the admins of its program (others: 404)",
    Rule.PARTY: "the two people a proposal pairs (others, admins included: 404)",
    Rule.MEMBER: "the engagement's members; the admins of its program see its state and move "
    "its lifecycle, never its content (others: 404)",
    Rule.PAIR: "the engagement's members only: sessions, notes, goals, charter "
    "(admins, managers and everyone else: 404)",
    Rule.RATER: "the engagement's members, and the participant's manager, who may add a "
    "rating and sees nothing else (others: 404)",
    Rule.MANAGER: "the person's direct manager, and only if the person consented "
    "(without consent: 403; others: 404)",
    Rule.FORM: "a page's form post: only with the session's CSRF token (without it: 403)",
    Rule.SELF: "the person it belongs to, nobody else (others, admins included: 404)",
    Rule.SCIM: "the identity provider's SCIM bearer token only (`growpath scim token create`); "
    "every account, admins included, and every session cookie: 401",
    Rule.TRIAD: "the practice triad's members only: roles, scenario briefs, the observer's "
    "feedback (admins, managers and everyone else: 404)",
    Rule.TRIAD_ROUND: "the practice triad's members, and the admins of its program, who move "
    "its round on and see its state only, never its feedback (others: 404)",
    Rule.GUIDE: "mentors and coaches: people who guide in a program (others: 403)",
    Rule.AUTHOR: "the lesson's author only (everyone else, admins included: 403)",
}

ROUTE_RULES: dict[str, Rule] = {
    "GET /healthz": Rule.PUBLIC,
    "GET /api/docs": Rule.PUBLIC,
    "GET /api/redoc": Rule.PUBLIC,
    "GET /": Rule.PUBLIC,
    "GET /login": Rule.PUBLIC,
    "POST /login": Rule.FORM,
    "POST /logout": Rule.FORM,
    # the language switcher on every page: a person's preference, a visitor's cookie
    "POST /language": Rule.FORM,
    # single sign-on: the provider's signed answer and the session's state are the authority
    "GET /auth/oidc/login": Rule.PUBLIC,
    "GET /auth/oidc/callback": Rule.PUBLIC,
    # SAML sign-in: the provider's cross-site POST carries no cookie or CSRF token; the signed
    # answer to a request growpath sent, and the browser secret on return, are the authority
    "GET /auth/saml/login": Rule.PUBLIC,
    "GET /auth/saml/metadata": Rule.PUBLIC,
    "POST /auth/saml/acs": Rule.PUBLIC,
    "GET /auth/saml/acs": Rule.PUBLIC,
    "GET /people": Rule.LOGIN,
    "GET /people/{person_id}": Rule.LOGIN,
    "GET /account/password": Rule.LOGIN,
    "POST /account/password": Rule.FORM,
    # the second step of a password login: only a browser whose password was just accepted
    # gets the form (anyone else goes back to /login)
    "GET /login/code": Rule.PUBLIC,
    "POST /login/code": Rule.FORM,
    # one's own two-step login; open to an admin who must still set it up
    "GET /account/two-step": Rule.LOGIN,
    "POST /account/two-step/start": Rule.FORM,
    "POST /account/two-step/confirm": Rule.FORM,
    "GET /account/two-step/recovery-codes": Rule.LOGIN,
    "POST /account/two-step/recovery-codes": Rule.FORM,
    "GET /account/two-step/off": Rule.LOGIN,
    "POST /account/two-step/off": Rule.FORM,
    "GET /account/profile": Rule.LOGIN,
    "POST /account/profile": Rule.FORM,
    "GET /account/email": Rule.LOGIN,
    "POST /account/email": Rule.FORM,
    "GET /account/email/{change_token}": Rule.LOGIN,
    "POST /account/email/confirm": Rule.FORM,
    # pages behind e-mailed links: a dead or unknown link answers 410, the same for all
    "GET /invitations/{invitation_token}": Rule.PUBLIC,
    "POST /invitations/accept": Rule.FORM,
    "GET /password-reset": Rule.PUBLIC,
    "POST /password-reset": Rule.FORM,
    "GET /password-reset/{reset_token}": Rule.PUBLIC,
    "POST /password-reset/new": Rule.FORM,
    # pages: participant (home, triage, programs, proposals, check-ins, privacy)
    "GET /home": Rule.LOGIN,
    "GET /triage": Rule.LOGIN,
    "POST /triage": Rule.FORM,
    "GET /programs": Rule.LOGIN,
    "GET /programs/{program_id}": Rule.LOGIN,
    "POST /programs/{program_id}/enrol": Rule.FORM,
    "GET /enrolments/{enrolment_id}/withdraw": Rule.OWNER,
    "POST /enrolments/{enrolment_id}/withdraw": Rule.FORM,
    "POST /enrolments/{enrolment_id}/capacity": Rule.FORM,
    "GET /programs/{program_id}/recommendations": Rule.LOGIN,
    "POST /programs/{program_id}/requests": Rule.FORM,
    "GET /proposals": Rule.LOGIN,
    "POST /proposals/{proposal_id}/response": Rule.FORM,
    "GET /checkins/{checkin_id}": Rule.SELF,
    "POST /checkins/{checkin_id}": Rule.FORM,
    "GET /me/privacy": Rule.LOGIN,
    "POST /me/consents/{kind}": Rule.FORM,
    "POST /me/digest": Rule.FORM,
    "POST /me/reminders": Rule.FORM,
    # one-click unsubscribe (RFC 8058): the signed link is the authority, so no login or CSRF
    "GET /mail/unsubscribe/{unsubscribe_token}": Rule.PUBLIC,
    "POST /mail/unsubscribe/{unsubscribe_token}": Rule.PUBLIC,
    "POST /mail/unsubscribe/{unsubscribe_token}/undo": Rule.PUBLIC,
    # the personal calendar feed: its secret token is the authority, for calendar programs
    # that fetch without a login; an unknown, rotated or revoked token answers 404 alike
    "GET /calendar/{feed_token}.ics": Rule.PUBLIC,
    "GET /account/calendar": Rule.LOGIN,
    "POST /account/calendar": Rule.FORM,
    "POST /account/calendar/revoke": Rule.FORM,
    # finding a time: one's own availability, and a pair's free slots and proposals
    "GET /account/availability": Rule.LOGIN,
    "POST /account/working-hours": Rule.FORM,
    "POST /account/busy-calendars": Rule.FORM,
    "GET /account/busy-calendars/{busy_calendar_id}/remove": Rule.SELF,
    "POST /account/busy-calendars/{busy_calendar_id}/remove": Rule.FORM,
    "GET /engagements/{engagement_id}/find-a-time": Rule.PAIR,
    "POST /engagements/{engagement_id}/find-a-time": Rule.FORM,
    "POST /slot-proposals/{slot_proposal_id}/confirm": Rule.FORM,
    "POST /slot-proposals/{slot_proposal_id}/decline": Rule.FORM,
    "POST /account/meeting-room": Rule.FORM,
    "POST /slot-proposals/{slot_proposal_id}/withdraw": Rule.FORM,
    # reflection between sessions: one's own journal, and the pair's preparation
    "GET /journal": Rule.LOGIN,
    "POST /journal": Rule.FORM,
    "POST /journal-entries/{journal_entry_id}/share": Rule.FORM,
    "POST /journal-entries/{journal_entry_id}/unshare": Rule.FORM,
    "GET /engagements/{engagement_id}/prepare": Rule.PAIR,
    "GET /me/data": Rule.LOGIN,
    "POST /me/logout-everywhere": Rule.FORM,
    # pages: engagement (goals, charter, sessions, actions, growth)
    "GET /engagements/{engagement_id}": Rule.MEMBER,
    "POST /engagements/{engagement_id}/transitions": Rule.FORM,
    "POST /engagements/{engagement_id}/goals": Rule.FORM,
    "POST /goals/{goal_id}/measurements": Rule.FORM,
    "POST /goals/{goal_id}/status": Rule.FORM,
    "POST /engagements/{engagement_id}/charter": Rule.FORM,
    "POST /engagements/{engagement_id}/charter/confirm": Rule.FORM,
    "POST /engagements/{engagement_id}/ratings": Rule.FORM,
    "POST /engagements/{engagement_id}/sessions": Rule.FORM,
    "GET /sessions/{session_id}": Rule.PAIR,
    "POST /sessions/{session_id}/hold": Rule.FORM,
    "POST /sessions/{session_id}/reschedule": Rule.FORM,
    "GET /sessions/{session_id}/cancel": Rule.PAIR,
    "POST /sessions/{session_id}/cancel": Rule.FORM,
    "POST /actions/{action_id}/done": Rule.FORM,
    # pages: mentoring and team
    "GET /mentoring": Rule.LOGIN,
    "GET /team": Rule.LOGIN,
    "GET /team/{person_id}": Rule.MANAGER,
    "POST /team/{person_id}/ratings": Rule.FORM,
    # pages: admin
    "GET /admin": Rule.ADMIN,
    "GET /admin/people/import": Rule.ORG_ADMIN,
    "POST /admin/people/import": Rule.FORM,
    "GET /admin/people/import/mapping": Rule.ORG_ADMIN,
    "POST /admin/people/import/mapping": Rule.FORM,
    "GET /admin/audit": Rule.ORG_ADMIN,
    "GET /admin/programs": Rule.ADMIN,
    "GET /admin/programs/new": Rule.ADMIN,
    "POST /admin/programs": Rule.FORM,
    "GET /admin/programs/{program_id}": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}": Rule.FORM,
    "GET /admin/programs/{program_id}/close": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/status": Rule.FORM,
    "POST /admin/programs/{program_id}/rules": Rule.FORM,
    "POST /admin/programs/{program_id}/admins": Rule.FORM,
    "POST /admin/programs/{program_id}/admins/remove": Rule.FORM,
    "GET /admin/accounts": Rule.ORG_ADMIN,
    "POST /admin/accounts": Rule.FORM,
    "POST /admin/invitations/{invitation_id}/resend": Rule.FORM,
    "POST /admin/invitations/{invitation_id}/revoke": Rule.FORM,
    "GET /admin/accounts/{user_id}/deactivate": Rule.ORG_ADMIN,
    "POST /admin/accounts/{user_id}/deactivate": Rule.FORM,
    "POST /admin/accounts/{user_id}/reactivate": Rule.FORM,
    "GET /people/{person_id}/erase": Rule.ORG_ADMIN,
    "POST /people/{person_id}/erase": Rule.FORM,
    "GET /admin/programs/{program_id}/health": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/match-runs": Rule.FORM,
    "GET /admin/match-runs/{run_id}": Rule.PROGRAM_ADMIN,
    "POST /admin/match-runs/{run_id}/approve": Rule.FORM,
    # health board: an admin of the pair's program nudges it, writes to it, re-matches it
    "POST /admin/engagements/{engagement_id}/nudge": Rule.FORM,
    "POST /admin/engagements/{engagement_id}/message": Rule.FORM,
    "POST /admin/engagements/{engagement_id}/rematch": Rule.FORM,
    # reports
    "GET /admin/programs/{program_id}/report": Rule.PROGRAM_ADMIN,
    # a program's own check-in questions (issue 21): its admins define them; answers only in
    # the report's aggregates, a check-in's questions only to the member it asks
    "GET /admin/programs/{program_id}/questions": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/questions": Rule.FORM,
    "GET /admin/programs/{program_id}/questions/{question_id}": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/questions/{question_id}": Rule.FORM,
    "GET /admin/programs/{program_id}/questions/{question_id}/retire": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/questions/{question_id}/retire": Rule.FORM,
    "POST /admin/programs/{program_id}/questions/{question_id}/move": Rule.FORM,
    "GET /api/v1/programs/{program_id}/checkin-questions": Rule.PROGRAM_ADMIN,
    "POST /api/v1/programs/{program_id}/checkin-questions": Rule.PROGRAM_ADMIN,
    "PUT /api/v1/programs/{program_id}/checkin-questions/{question_id}": Rule.PROGRAM_ADMIN,
    "POST /api/v1/programs/{program_id}/checkin-questions/{question_id}/retire": Rule.PROGRAM_ADMIN,
    "POST /api/v1/programs/{program_id}/checkin-questions/{question_id}/move": Rule.PROGRAM_ADMIN,
    "GET /api/v1/checkins/{checkin_id}/questions": Rule.SELF,
    "GET /api/v1/programs/{program_id}/report": Rule.PROGRAM_ADMIN,
    "GET /api/v1/programs/{program_id}/outcomes": Rule.PROGRAM_ADMIN,
    "POST /api/v1/auth/token": Rule.PUBLIC,
    "POST /api/v1/auth/invitation": Rule.PUBLIC,
    "POST /api/v1/auth/password-reset": Rule.PUBLIC,
    "POST /api/v1/auth/password-reset/confirm": Rule.PUBLIC,
    "GET /api/v1/me": Rule.LOGIN,
    "POST /api/v1/me/password": Rule.LOGIN,
    "POST /api/v1/me/email": Rule.LOGIN,
    "POST /api/v1/me/email/confirm": Rule.LOGIN,
    "GET /api/v1/me/data": Rule.LOGIN,
    "PATCH /api/v1/me/profile": Rule.LOGIN,
    "GET /api/v1/me/enrolments": Rule.LOGIN,
    "GET /api/v1/me/proposals": Rule.LOGIN,
    "GET /api/v1/me/engagements": Rule.LOGIN,
    "GET /api/v1/me/checkins": Rule.LOGIN,
    "POST /api/v1/checkins/{checkin_id}/answer": Rule.SELF,
    "POST /api/v1/invitations": Rule.ORG_ADMIN,
    "GET /api/v1/invitations": Rule.ORG_ADMIN,
    "POST /api/v1/invitations/{invitation_id}/resend": Rule.ORG_ADMIN,
    "POST /api/v1/invitations/{invitation_id}/revoke": Rule.ORG_ADMIN,
    "GET /api/v1/accounts": Rule.ORG_ADMIN,
    "POST /api/v1/accounts/{user_id}/deactivate": Rule.ORG_ADMIN,
    "POST /api/v1/accounts/{user_id}/reactivate": Rule.ORG_ADMIN,
    "GET /api/v1/audit": Rule.ORG_ADMIN,
    "GET /api/v1/people": Rule.LOGIN,
    "GET /api/v1/people/{person_id}": Rule.LOGIN,
    "POST /api/v1/people": Rule.ADMIN,
    "PATCH /api/v1/people/{person_id}": Rule.PROGRAM_ADMIN,
    "DELETE /api/v1/people/{person_id}": Rule.ORG_ADMIN,
    "GET /api/v1/people/export": Rule.ADMIN,
    "POST /api/v1/people/import": Rule.ORG_ADMIN,
    "GET /api/v1/people/import/mapping": Rule.ORG_ADMIN,
    "GET /api/v1/people/import/template": Rule.ORG_ADMIN,
    "PUT /api/v1/people/import/mapping": Rule.ORG_ADMIN,
    "GET /api/v1/tracks": Rule.LOGIN,
    "GET /api/v1/programs": Rule.LOGIN,
    "GET /api/v1/programs/{program_id}": Rule.LOGIN,
    "POST /api/v1/programs": Rule.ADMIN,
    "PATCH /api/v1/programs/{program_id}": Rule.PROGRAM_ADMIN,
    "POST /api/v1/programs/{program_id}/status": Rule.PROGRAM_ADMIN,
    "GET /api/v1/programs/{program_id}/admins": Rule.PROGRAM_ADMIN,
    "PUT /api/v1/programs/{program_id}/admins": Rule.ORG_ADMIN,
    "GET /api/v1/triage": Rule.LOGIN,
    "POST /api/v1/triage": Rule.LOGIN,
    "GET /api/v1/competencies": Rule.LOGIN,
    "PATCH /api/v1/competencies/{key}": Rule.ORG_ADMIN,
    "POST /api/v1/programs/{program_id}/enrolments": Rule.LOGIN,
    "GET /api/v1/programs/{program_id}/enrolments": Rule.PROGRAM_ADMIN,
    "POST /api/v1/enrolments/{enrolment_id}/withdraw": Rule.OWNER,
    "POST /api/v1/enrolments/{enrolment_id}/capacity": Rule.OWNER,
    "POST /api/v1/programs/{program_id}/match-runs": Rule.PROGRAM_ADMIN,
    "GET /api/v1/match-runs/{run_id}": Rule.PROGRAM_ADMIN,
    "GET /api/v1/programs/{program_id}/health": Rule.PROGRAM_ADMIN,
    "POST /api/v1/match-runs/{run_id}/approve": Rule.PROGRAM_ADMIN,
    "POST /api/v1/proposals/{proposal_id}/response": Rule.PARTY,
    "GET /api/v1/programs/{program_id}/recommendations": Rule.LOGIN,
    "POST /api/v1/programs/{program_id}/requests": Rule.LOGIN,
    "GET /api/v1/engagements/{engagement_id}": Rule.MEMBER,
    "POST /api/v1/engagements/{engagement_id}/transitions": Rule.MEMBER,
    "GET /api/v1/engagements/{engagement_id}/sessions": Rule.PAIR,
    "POST /api/v1/engagements/{engagement_id}/sessions": Rule.PAIR,
    "GET /api/v1/sessions/{session_id}/invite.ics": Rule.PAIR,
    "POST /api/v1/sessions/{session_id}/hold": Rule.PAIR,
    "POST /api/v1/sessions/{session_id}/reschedule": Rule.PAIR,
    "POST /api/v1/sessions/{session_id}/cancel": Rule.PAIR,
    "GET /api/v1/sessions/{session_id}/notes": Rule.PAIR,
    "GET /api/v1/engagements/{engagement_id}/actions": Rule.PAIR,
    "POST /api/v1/actions/{action_id}/done": Rule.PAIR,
    "GET /api/v1/engagements/{engagement_id}/goals": Rule.PAIR,
    "POST /api/v1/engagements/{engagement_id}/goals": Rule.PAIR,
    "POST /api/v1/goals/{goal_id}/measurements": Rule.PAIR,
    "POST /api/v1/goals/{goal_id}/status": Rule.PAIR,
    "PUT /api/v1/engagements/{engagement_id}/charter": Rule.PAIR,
    "POST /api/v1/engagements/{engagement_id}/charter/confirm": Rule.PAIR,
    "GET /api/v1/engagements/{engagement_id}/growth": Rule.PAIR,
    "GET /api/v1/engagements/{engagement_id}/guide": Rule.PAIR,
    "POST /api/v1/engagements/{engagement_id}/ratings": Rule.RATER,
    "GET /api/v1/me/consents": Rule.LOGIN,
    "PUT /api/v1/me/digest": Rule.LOGIN,
    "PUT /api/v1/me/consents/{kind}": Rule.LOGIN,
    "GET /api/v1/me/reports": Rule.LOGIN,
    "POST /api/v1/me/logout-everywhere": Rule.LOGIN,
    "GET /api/v1/me/calendar-feed": Rule.LOGIN,
    "POST /api/v1/me/calendar-feed": Rule.LOGIN,
    "DELETE /api/v1/me/calendar-feed": Rule.LOGIN,
    "GET /api/v1/me/working-hours": Rule.LOGIN,
    "PUT /api/v1/me/working-hours": Rule.LOGIN,
    "GET /api/v1/me/busy-calendars": Rule.LOGIN,
    "POST /api/v1/me/busy-calendars": Rule.LOGIN,
    "DELETE /api/v1/me/busy-calendars/{busy_calendar_id}": Rule.SELF,
    "GET /api/v1/engagements/{engagement_id}/slots": Rule.PAIR,
    "POST /api/v1/engagements/{engagement_id}/slot-proposals": Rule.PAIR,
    "GET /api/v1/slot-proposals/{slot_proposal_id}": Rule.PAIR,
    "POST /api/v1/slot-proposals/{slot_proposal_id}/confirm": Rule.PAIR,
    "POST /api/v1/slot-proposals/{slot_proposal_id}/decline": Rule.PAIR,
    "GET /api/v1/me/meeting-room": Rule.LOGIN,
    "PUT /api/v1/me/meeting-room": Rule.LOGIN,
    "POST /api/v1/slot-proposals/{slot_proposal_id}/withdraw": Rule.PAIR,
    "GET /api/v1/me/reflection-prompts": Rule.LOGIN,
    "GET /api/v1/me/journal": Rule.LOGIN,
    "POST /api/v1/engagements/{engagement_id}/journal": Rule.PAIR,
    "POST /api/v1/journal-entries/{journal_entry_id}/share": Rule.SELF,
    "POST /api/v1/journal-entries/{journal_entry_id}/unshare": Rule.SELF,
    "GET /api/v1/engagements/{engagement_id}/prepare": Rule.PAIR,
    "GET /api/v1/people/{person_id}/trajectory": Rule.MANAGER,
    "GET /api/v1/engagements/{engagement_id}/layering": Rule.PAIR,
    # learning modules (issue 20): training for every role, the organisation's own modules,
    # a program's onboarding completion, and the library's resources suggested to a pair
    "GET /learn": Rule.LOGIN,
    "GET /learn/{slug}": Rule.LOGIN,
    "POST /learn/{slug}/complete": Rule.FORM,
    "GET /admin/modules": Rule.ORG_ADMIN,
    "POST /admin/modules": Rule.FORM,
    "POST /admin/modules/{slug}/hide": Rule.FORM,
    "POST /admin/modules/{slug}/show": Rule.FORM,
    "GET /api/v1/modules": Rule.LOGIN,
    "GET /api/v1/modules/{slug}": Rule.LOGIN,
    "POST /api/v1/modules/{slug}/complete": Rule.LOGIN,
    "GET /api/v1/admin/modules": Rule.ORG_ADMIN,
    "POST /api/v1/admin/modules": Rule.ORG_ADMIN,
    "POST /api/v1/admin/modules/{slug}/hide": Rule.ORG_ADMIN,
    "POST /api/v1/admin/modules/{slug}/show": Rule.ORG_ADMIN,
    "GET /api/v1/programs/{program_id}/training": Rule.PROGRAM_ADMIN,
    "GET /api/v1/engagements/{engagement_id}/resources": Rule.PAIR,
    # engagement page (issue 17): the confirmation pages asked before an ending
    "GET /engagements/{engagement_id}/complete": Rule.MEMBER,
    "GET /engagements/{engagement_id}/end-early": Rule.MEMBER,
    # managers who coach (issue 20): a manager's own practice; a report's one answer
    "GET /practice": Rule.LOGIN,
    "POST /practice": Rule.FORM,
    "GET /practice/conversations/{conversation_id}/answer": Rule.SELF,
    "POST /practice/conversations/{conversation_id}/answer": Rule.FORM,
    "POST /api/v1/me/practice/conversations": Rule.LOGIN,
    "GET /api/v1/me/practice/conversations": Rule.LOGIN,
    "GET /api/v1/me/practice/streak": Rule.LOGIN,
    "GET /api/v1/me/practice/feedback": Rule.LOGIN,
    "GET /api/v1/me/practice/questions": Rule.LOGIN,
    "POST /api/v1/practice/conversations/{conversation_id}/answer": Rule.SELF,
    "GET /api/v1/practice/adoption": Rule.ORG_ADMIN,
    # practice triads (issue 20): members see the rounds and feedback; admins form and move
    "GET /triads": Rule.LOGIN,
    "GET /triads/{triad_id}": Rule.TRIAD,
    "POST /triads/{triad_id}/feedback": Rule.FORM,
    "POST /triads/{triad_id}/advance": Rule.FORM,
    "GET /admin/programs/{program_id}/triads": Rule.PROGRAM_ADMIN,
    "GET /admin/programs/{program_id}/triads/preview": Rule.PROGRAM_ADMIN,
    "POST /admin/programs/{program_id}/triads": Rule.FORM,
    "POST /admin/triads/{triad_id}/advance": Rule.FORM,
    "GET /api/v1/me/triads": Rule.LOGIN,
    "GET /api/v1/triads/{triad_id}": Rule.TRIAD,
    "POST /api/v1/triads/{triad_id}/feedback": Rule.TRIAD,
    "POST /api/v1/triads/{triad_id}/advance": Rule.TRIAD_ROUND,
    "GET /api/v1/programs/{program_id}/triads": Rule.PROGRAM_ADMIN,
    "GET /api/v1/programs/{program_id}/triads/preview": Rule.PROGRAM_ADMIN,
    "POST /api/v1/programs/{program_id}/triads": Rule.PROGRAM_ADMIN,
    # SCIM 2.0 provisioning (issue 19): the identity provider's own bearer token, nothing else
    "GET /scim/v2/ServiceProviderConfig": Rule.SCIM,
    "GET /scim/v2/ResourceTypes": Rule.SCIM,
    "GET /scim/v2/ResourceTypes/{resource_type_id}": Rule.SCIM,
    "GET /scim/v2/Schemas": Rule.SCIM,
    "GET /scim/v2/Schemas/{schema_id}": Rule.SCIM,
    "POST /scim/v2/.search": Rule.SCIM,
    "GET /scim/v2/Users": Rule.SCIM,
    "POST /scim/v2/Users": Rule.SCIM,
    "POST /scim/v2/Users/.search": Rule.SCIM,
    "GET /scim/v2/Users/{user_id}": Rule.SCIM,
    "PUT /scim/v2/Users/{user_id}": Rule.SCIM,
    "PATCH /scim/v2/Users/{user_id}": Rule.SCIM,
    "DELETE /scim/v2/Users/{user_id}": Rule.SCIM,
    "GET /scim/v2/Groups": Rule.SCIM,
    "POST /scim/v2/Groups": Rule.SCIM,
    "POST /scim/v2/Groups/.search": Rule.SCIM,
    "GET /scim/v2/Groups/{group_id}": Rule.SCIM,
    "PUT /scim/v2/Groups/{group_id}": Rule.SCIM,
    "PATCH /scim/v2/Groups/{group_id}": Rule.SCIM,
    "DELETE /scim/v2/Groups/{group_id}": Rule.SCIM,
    # lessons from mentors (issue 21): anyone signed in reads them and follows a mentor; a
    # hidden lesson reads as not found but to its author and its program's admins
    "GET /lessons": Rule.LOGIN,
    "GET /lessons/new": Rule.GUIDE,
    "POST /lessons": Rule.FORM,
    "GET /lessons/{lesson_id}": Rule.LOGIN,
    "GET /lessons/{lesson_id}/withdraw": Rule.AUTHOR,
    "POST /lessons/{lesson_id}/withdraw": Rule.FORM,
    "POST /lessons/{lesson_id}/hide": Rule.FORM,
    "POST /mentors/{mentor_id}/follow": Rule.FORM,
    "POST /mentors/{mentor_id}/unfollow": Rule.FORM,
    "GET /api/v1/lessons": Rule.LOGIN,
    "POST /api/v1/lessons": Rule.GUIDE,
    "GET /api/v1/lessons/{lesson_id}": Rule.LOGIN,
    "POST /api/v1/lessons/{lesson_id}/withdraw": Rule.AUTHOR,
    "POST /api/v1/lessons/{lesson_id}/hide": Rule.PROGRAM_ADMIN,
    "POST /api/v1/mentors/{mentor_id}/follow": Rule.LOGIN,
    "DELETE /api/v1/mentors/{mentor_id}/follow": Rule.LOGIN,
    "GET /api/v1/me/followed-mentors": Rule.LOGIN,
}


def walk_routes(routes: Iterable[BaseRoute]) -> Iterator[APIRoute]:
    """Yield every route, inside included routers too (the app's own list hides those)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif isinstance(getattr(route, "original_router", None), APIRouter):
            yield from walk_routes(route.original_router.routes)  # type: ignore[attr-defined]


def app_routes(web: FastAPI) -> list[str]:
    """Return "METHOD path" of every route the app serves, pages and API alike."""
    return sorted(
        {f"{m} {r.path}" for r in walk_routes(web.routes) for m in r.methods or () if m != "HEAD"}
    )


def markdown() -> str:
    """Render the matrix as the Markdown of docs/permissions.md."""
    lines = [
        "# Who may do what",
        "",
        "Generated from `src/growpath/entrypoints/permissions.py`; a test keeps the two "
        "equal and checks every route against it for every role.",
        "",
        "| Rule | Who |",
        "|---|---|",
    ]
    lines += [f"| `{rule}` | {text} |" for rule, text in RULE_TEXT.items()]
    lines += ["", "| Route | Rule |", "|---|---|"]
    lines += [f"| `{route}` | `{rule}` |" for route, rule in ROUTE_RULES.items()]
    return "\n".join(lines) + "\n"
