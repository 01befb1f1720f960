"""The local web server of ``planner ui`` (Starlette, served by uvicorn) and its safety rules.

Safe to leave running on a shared office PC:

- it listens on 127.0.0.1 unless told otherwise, and refuses a request whose
  ``Host`` header is not the address it serves (DNS rebinding);
- the address it prints carries a one-time token: the first visit trades it for
  a session cookie (HttpOnly, SameSite=Strict) and the token is then spent, so
  an address seen later (a process list, a browser history) opens nothing;
- every request but that first visit needs the session cookie, and every write
  also the page's CSRF token in a header (a web page in the same browser can
  neither read that token nor send that header without the server's consent);
- a write names the plan's version it was made on; another version (another
  tab, an old page) gets "reload" (409) and changes nothing;
- a malformed body, an unknown visit or a date outside the year gets one
  clear message (400/404) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
from collections.abc import Callable
from importlib import resources
from typing import Any

import jinja2
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from planner.errors import PlannerError
from planner.io.writers import plan_files_of
from planner.replan.changelist import change_list
from planner.ui.replanning import Replanner
from planner.ui.view import difference, page_state
from planner.ui.workspace import EditRefused, Workspace

COOKIE = "planner_ui_session"
CSRF_HEADER = "x-csrf-token"
REPLAN_WORKERS = 3
"""Threads of the page's re-plan (CP-SAT's deterministic interleaved search): cores + 1 here."""


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: int
    office: str = ""
    """The office the page shows (a set of offices): a write made on another office's page is refused."""


class OfficeBody(_Body):
    show: str


class MoveBody(_Body):
    visit: str
    date: str
    slot: str
    officer: str
    confirm: bool = False


class PinBody(_Body):
    visit: str
    how: str


class MeetingPinBody(_Body):
    meeting: str
    how: str


class MeetingMoveBody(_Body):
    meeting: str
    date: str
    slot: str
    confirm: bool = False


class DutyPinBody(_Body):
    officer: str
    date: str
    how: str


class ReplanBody(_Body):
    as_of: dt.date
    until: dt.date | None = None
    time_limit: float = Field(default=20.0, gt=0, le=3600)
    """CP-SAT work units (about seconds here)."""
    seed: int = Field(default=0, ge=0)


class Session:
    """The server's secrets and the workspace it edits (one lock: one edit at a time).

    For a set of offices, one workspace per office, opened when first shown; the page
    shows one office at a time and every write names it.
    """

    def __init__(self, workspace: Workspace, offices: dict[str, Callable[[], Workspace]] | None = None) -> None:
        self.workspace = workspace
        self.offices = offices or {}
        """Office id -> how to open its workspace (empty for one instance)."""
        self.opened: dict[str, Workspace] = {}
        self.office = next(iter(self.offices), "")
        if self.office:
            self.opened[self.office] = workspace
        self.token: str | None = secrets.token_urlsafe(24)
        self.cookie = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.lock = threading.Lock()
        self.replanner = Replanner()
        self.proposal: dict[str, Any] | None = None

    def state(self) -> dict[str, Any]:
        return {**page_state(self.workspace), "office": self.office, "offices": list(self.offices)}

    def switch(self, office: str) -> None:
        if office not in self.offices:
            raise EditRefused(f"unknown office {office!r}", status=404)
        if self.replanner.running:
            raise EditRefused("a re-plan is running: cancel or wait for it before changing office", status=409)
        if office not in self.opened:
            self.opened[office] = self.offices[office]()
        self.replanner.clear()
        self.proposal = None
        self.office, self.workspace = office, self.opened[office]

    def spend(self, token: str) -> bool:
        """Trade the one-time token for the session cookie (once)."""
        with self.lock:
            if self.token is None or not hmac.compare_digest(token, self.token):
                return False
            self.token = None
            return True


def _error(message: str, status: int, **details: Any) -> JSONResponse:
    return JSONResponse({"error": message, **details}, status_code=status)


def create_app(session: Session, allowed_hosts: list[str]) -> Starlette:
    templates = jinja2.Environment(
        loader=jinja2.PackageLoader("planner.ui", "templates"), autoescape=jinja2.select_autoescape(["html", "j2"])
    )

    def authorised(request: Request) -> bool:
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, session.cookie)

    def answered(call: Callable[[], Response]) -> Response:
        """``call`` under the session's lock; a refused edit or bad input becomes its one-line error."""
        try:
            with session.lock:
                return call()
        except EditRefused as refused:
            return _error(str(refused), refused.status, **refused.details)
        except PlannerError as error:
            return _error(str(error), 400)

    def reading(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            if not authorised(request):
                return _error("not signed in: open the address planner ui printed", 403)
            return answered(lambda: handler(request))

        return endpoint

    def writing(body_type: type[BaseModel], handler: Callable[[Any], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            if not authorised(request):
                return _error("not signed in: open the address planner ui printed", 403)
            if not hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), session.csrf):
                return _error("missing or wrong CSRF token: reload the page", 403)
            raw = await request.body()
            try:
                body = body_type.model_validate_json(raw or b"{}")
            except ValidationError as error:
                first = error.errors()[0]
                where = ".".join(str(part) for part in first["loc"]) or "body"
                return _error(f"bad request: {where}: {first['msg']}", 400)

            def apply() -> Response:
                if getattr(body, "office", "") != session.office:
                    raise EditRefused(f"the page shows another office than {session.office!r}: reload", status=409)
                return JSONResponse(handler(body))

            return await run_in_threadpool(answered, apply)

        return endpoint

    def index(request: Request) -> Response:
        token = request.query_params.get("token")
        if token is not None:
            if not session.spend(token):
                return PlainTextResponse(
                    "This address has been used already or is wrong: restart planner ui for a new one.", status_code=403
                )
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(COOKIE, session.cookie, httponly=True, samesite="strict", path="/")
            return response
        if not authorised(request):
            return PlainTextResponse("Open the address planner ui printed (it holds a one-time token).", status_code=403)
        nonce = secrets.token_urlsafe(16)
        page = templates.get_template("ui.html.j2").render(
            csrf=session.csrf, name=session.workspace.problem.name, script=_asset("ui.js"), style=_asset("ui.css"), nonce=nonce
        )
        return HTMLResponse(page, headers={"Cache-Control": "no-store", "Content-Security-Policy": _csp(nonce)})

    def show_office(body: OfficeBody) -> Any:
        session.switch(body.show)
        return session.state()

    def state(request: Request) -> Response:
        return JSONResponse(session.state())

    def options(request: Request) -> Response:
        visit = request.query_params.get("visit", "")
        return JSONResponse(session.workspace.options(visit))

    def move(body: MoveBody) -> Any:
        session.workspace.move(body.visit, body.date, body.slot, body.officer, confirm=body.confirm, version=body.version)
        return session.state()

    def pin(body: PinBody) -> Any:
        session.workspace.pin(body.visit, body.how, version=body.version)
        return session.state()

    def meeting_options(request: Request) -> Response:
        return JSONResponse(session.workspace.meeting_options(request.query_params.get("meeting", "")))

    def move_meeting(body: MeetingMoveBody) -> Any:
        session.workspace.move_meeting(body.meeting, body.date, body.slot, confirm=body.confirm, version=body.version)
        return session.state()

    def pin_meeting(body: MeetingPinBody) -> Any:
        session.workspace.pin_meeting(body.meeting, body.how, version=body.version)
        return session.state()

    def pin_duty(body: DutyPinBody) -> Any:
        session.workspace.pin_duty(body.officer, body.date, body.how, version=body.version)
        return session.state()

    def pin_announced(body: _Body) -> Any:
        session.workspace.pin_announced(version=body.version)
        return session.state()

    def undo(body: _Body) -> Any:
        session.workspace.undo(body.version)
        return session.state()

    def redo(body: _Body) -> Any:
        session.workspace.redo(body.version)
        return session.state()

    def save(body: _Body) -> Any:
        written = session.workspace.save(version=body.version)
        return {"saved": str(written), **session.state()}

    def replan_start(body: ReplanBody) -> Any:
        session.workspace.expect(body.version)
        if session.replanner.running:
            raise EditRefused("a re-plan is already running", status=409)
        job = session.workspace.replan_job(body.as_of, body.time_limit, body.seed, REPLAN_WORKERS, body.until)
        session.proposal = None
        session.replanner.start(job)
        return {"running": True, "version": session.workspace.version}

    def replan_status(request: Request) -> Response:
        replanner = session.replanner
        replanner.poll()
        outcome = replanner.outcome
        answer: dict[str, Any] = {"running": replanner.running, "lines": replanner.lines[-12:]}
        if outcome is not None:
            answer["status"] = outcome.status
            answer["reason"] = outcome.reason
            if outcome.plan is not None and session.proposal is None:
                session.proposal = _proposal(session.workspace, outcome)
            if session.proposal is not None:
                answer["proposal"] = session.proposal
        return JSONResponse(answer)

    def replan_cancel(body: _Body) -> Any:
        session.replanner.cancel()
        return {"running": False, "status": "CANCELLED"}

    def replan_accept(body: _Body) -> Any:
        replanner = session.replanner
        outcome, job = replanner.outcome, replanner.job
        if outcome is None or outcome.plan is None or job is None:
            raise EditRefused("no re-plan to accept")
        session.workspace.accept(outcome.plan, job, outcome.status, version=body.version)
        replanner.clear()
        session.proposal = None
        return session.state()

    def replan_discard(body: _Body) -> Any:
        session.replanner.clear()
        session.proposal = None
        return {"running": False}

    routes = [
        Route("/", index),
        Route("/api/plan", reading(state)),
        Route("/api/options", reading(options)),
        Route("/api/meeting-options", reading(meeting_options)),
        Route("/api/replan", reading(replan_status)),
        Route("/api/move", writing(MoveBody, move), methods=["POST"]),
        Route("/api/pin", writing(PinBody, pin), methods=["POST"]),
        Route("/api/pin-announced", writing(_Body, pin_announced), methods=["POST"]),
        Route("/api/pin-meeting", writing(MeetingPinBody, pin_meeting), methods=["POST"]),
        Route("/api/move-meeting", writing(MeetingMoveBody, move_meeting), methods=["POST"]),
        Route("/api/pin-duty", writing(DutyPinBody, pin_duty), methods=["POST"]),
        Route("/api/undo", writing(_Body, undo), methods=["POST"]),
        Route("/api/redo", writing(_Body, redo), methods=["POST"]),
        Route("/api/save", writing(_Body, save), methods=["POST"]),
        Route("/api/office", writing(OfficeBody, show_office), methods=["POST"]),
        Route("/api/replan/start", writing(ReplanBody, replan_start), methods=["POST"]),
        Route("/api/replan/cancel", writing(_Body, replan_cancel), methods=["POST"]),
        Route("/api/replan/accept", writing(_Body, replan_accept), methods=["POST"]),
        Route("/api/replan/discard", writing(_Body, replan_discard), methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)])


def _csp(nonce: str) -> str:
    """The page runs only its own script and style (this response's nonce) and talks only to this server."""
    return f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:"


def serve(session: Session, host: str, port: int, *, on_ready: Callable[[str], None]) -> None:
    """Serve until interrupted; ``on_ready`` gets the address with the one-time token."""
    import uvicorn

    hosts = ["127.0.0.1", "localhost", "[::1]"] if host in ("127.0.0.1", "localhost") else [host]
    app = create_app(session, hosts)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host

    async def announce() -> None:
        import asyncio

        while not server.started:
            await asyncio.sleep(0.05)
        bound = server.servers[0].sockets[0].getsockname()[1] if server.servers else port
        on_ready(f"http://{shown}:{bound}/?token={session.token}")

    import asyncio

    async def main() -> None:
        await asyncio.gather(server.serve(), announce())

    try:
        asyncio.run(main())
    finally:
        session.replanner.clear()


def _asset(name: str) -> str:
    return resources.files("planner.ui").joinpath("static", name).read_text(encoding="utf-8")


def _proposal(workspace: Workspace, outcome: Any) -> dict[str, Any]:
    """The re-plan against the current plan: its figures and what moves (with whom to tell)."""
    from planner.score import objective, score

    current = workspace.current.plan
    proposed_plan = workspace.as_plan(outcome.plan, outcome.status)
    rows = change_list(plan_files_of(workspace.as_plan(current)), proposed_plan, "")
    before = objective(score(workspace.problem, current))
    after = objective(score(workspace.problem, outcome.plan))
    return {
        "status": outcome.status,
        "objective_before": before,
        "objective_after": after,
        "replan_objective": outcome.objective,
        "replan_bound": outcome.bound,
        "violations": len(workspace.check(outcome.plan)),
        **difference(rows),
    }
