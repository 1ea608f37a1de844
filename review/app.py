"""The reviewer's desk: FastAPI app factory and server.

``create_app`` migrates the database, loads the results of ``out_dir`` and
wires the routers. ``serve`` runs it under uvicorn with access logs off:
URLs carry only ids, but a server log is still no place for request detail.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from review import forms
from review.db import session_factory
from review.deps import NotAuthenticated
from review.settings import Settings, resolve_database_url
from review.store import ingest

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.globals["REJECT_REASONS"] = forms.REJECT_REASONS
templates.env.globals["FORM_TYPES"] = forms.FORM_TYPES
templates.env.filters["display"] = forms.display
templates.env.filters["label"] = lambda s: str(s or "").replace("_", " ")

log = logging.getLogger("him_intake.review")

_CSP = ("default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(out_dir: Path, database_url: str | None = None) -> FastAPI:
    """Build the app over ``out_dir`` (results and page images) and its database."""
    from review.routers import admin, auth, decisions, documents, queue

    settings = Settings()
    out_dir = Path(out_dir).resolve()
    url = resolve_database_url(out_dir, database_url)
    app = FastAPI(title="him-intake review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.out_dir = out_dir
    app.state.database_url = url
    app.state.sessions = session_factory(url)
    app.state.secret_key = settings.secret_key or secrets.token_urlsafe(32)
    app.state.templates = templates
    loaded = ingest(out_dir, url)
    log.info("review: %d document(s) loaded from results", loaded)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (auth, queue, documents, decisions, admin):
        app.include_router(module.router)
        if hasattr(module, "api"):
            app.include_router(module.api)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(request: Request, _exc: NotAuthenticated) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Not logged in."}, status_code=401)
        if request.headers.get("hx-request"):
            return Response(status_code=401, headers={"HX-Redirect": "/login"})
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Response:
        if wants_json(request) or request.headers.get("hx-request"):
            return await http_exception_handler(request, exc)
        return templates.TemplateResponse(
            request, "error.html", {"status": exc.status_code, "message": exc.detail},
            status_code=exc.status_code,
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def root() -> Response:
        return RedirectResponse("/queue", status_code=303)

    return app


def serve(out_dir: Path, database_url: str | None = None, host: str = "127.0.0.1",
          port: int = 8000) -> None:
    """Run the desk until interrupted (``him-intake review``). No access log: no request detail."""
    import uvicorn

    uvicorn.run(create_app(out_dir, database_url), host=host, port=port, access_log=False,
                log_level="warning", server_header=False)
