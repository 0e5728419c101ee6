"""The Flask application behind `salesblog serve`: the built site, and POST /contribute.

Answers (CONTRACT.md): 303 to the thanks page once the draft is committed; 400 with the form
again; 413 for an oversize body; 429 with Retry-After; 403 for a foreign Origin or Referer; a
silent 303 when the honeypot is filled. Nothing but the inbox is ever written.
"""

from __future__ import annotations

import html
import io
import math
import os
import stat
import threading
import time
from pathlib import Path

import flask
from flask_limiter import Limiter, RateLimitExceeded
from werkzeug.exceptions import NotFound, RequestEntityTooLarge
from werkzeug.security import safe_join

from salesblog.audience.notifications import new_draft
from salesblog.config import SiteConfig
from salesblog.contribute import form
from salesblog.contribute.compression import accepts_gzip, gzip_response
from salesblog.contribute.formpage import FormPage
from salesblog.contribute.inbox import Inbox
from salesblog.contribute.origin import is_foreign
from salesblog.site.headers import HEADERS_FILE, site_headers

# Room for every field but the body, URL-encoded (a character can take 4 bytes, each 3 chars).
_OTHER_FIELDS_BYTES = 12 * sum(form.MAX_CHARS.values()) + 4096


def request_limit(config: SiteConfig) -> int:
    """Largest request read at all: the body at its limit, URL-encoded, plus the other fields."""
    return 3 * config.contribute.max_body_kb * 1024 + _OTHER_FIELDS_BYTES


class _Request(flask.Request):
    def _get_file_stream(self, *args, **kwargs):
        # Files in a multipart post are ignored, but Werkzeug would spool big ones to a
        # temporary file; keep them in memory (bounded by MAX_CONTENT_LENGTH) so nothing is
        # written outside the inbox.
        return io.BytesIO()


def create_app(config: SiteConfig, inbox: Inbox, site_dir: Path) -> flask.Flask:
    """The WSGI app. Everything comes from the arguments, so tests can pass their own settings
    (a generous rate limit, a temporary inbox)."""
    app = flask.Flask("salesblog.contribute", static_folder=None)
    app.request_class = _Request
    app.config["MAX_CONTENT_LENGTH"] = request_limit(config)
    app.config["MAX_FORM_MEMORY_SIZE"] = request_limit(config)
    prefix = config.base_path.rstrip("/")
    action = f"{prefix}/contribute"
    thanks = f"{prefix}/contribute/thanks/"
    page = FormPage(site_dir / "contribute" / "index.html", config, action, f"{prefix}/contribute/")
    limiter = Limiter(lambda: flask.request.remote_addr or "unknown", app=app,
                      storage_uri="memory://", strategy="moving-window", headers_enabled=False)

    @limiter.limit(config.contribute.rate_limit)
    def contribute():
        own_origin = f"{flask.request.scheme}://{flask.request.host}"
        if is_foreign(flask.request.headers, [config.origin, own_origin]):
            return _message(403, "Forbidden", "This form only accepts posts from its own site.")
        too_big = _body_too_big(config)
        if too_big:
            return too_big
        sent = flask.request.form
        if form.is_honeypot_filled(sent):
            return flask.redirect(thanks, 303)  # a bot: thank it, keep nothing
        values = form.field_values(sent)
        submission, errors = form.validate(values)
        if submission is None:
            summary = "Your draft was not sent: please correct the fields marked below."
            return _html(400, page.render(values, errors, summary))
        draft_id, fresh = inbox.add(submission, flask.request.remote_addr or "unknown")  # committed before the 303
        if fresh:
            new_draft(inbox.path, config, draft_id, submission)  # e-mails the editors (audience/)
        return flask.redirect(thanks, 303)

    for rule in (action, action + "/"):
        app.add_url_rule(rule, "contribute", contribute, methods=["POST"],
                         strict_slashes=False)

    files = _SiteFiles(site_dir, inbox.path)

    def static(path: str = ""):
        return _serve_file(files, path)

    app.add_url_rule(f"{prefix}/", "site", static, methods=["GET", "HEAD"])
    app.add_url_rule(f"{prefix}/<path:path>", "site_file", static, methods=["GET", "HEAD"])
    if prefix:
        app.add_url_rule("/", "root", lambda: flask.redirect(f"{prefix}/", 302))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return _too_large(config)

    @app.errorhandler(RateLimitExceeded)
    def too_many(error):
        response = _message(429, "Too many submissions",
                            "You sent too many drafts in a short time; please try again later.")
        response.headers["Retry-After"] = str(_retry_after(limiter))
        return response

    security = _SecurityHeaders(site_dir)

    @app.after_request
    def headers(response: flask.Response) -> flask.Response:
        response.headers.update(security.current())
        if flask.request.method == "POST":
            response.headers["Cache-Control"] = "no-store"
        return response

    return app


def _body_too_big(config: SiteConfig) -> flask.Response | None:
    # A request over MAX_CONTENT_LENGTH never gets this far: reading the form raises 413.
    body = flask.request.form.get("body", "")
    if len(body.encode("utf-8", "surrogatepass")) > config.contribute.max_body_kb * 1024:
        return _too_large(config)
    return None


def _too_large(config: SiteConfig) -> flask.Response:
    limit = config.contribute.max_body_kb
    return _message(413, "Post too long", f"Your post is longer than {limit} KB; please shorten it "
                    "or send it in parts.")


def _retry_after(limiter: Limiter) -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - time.time()))


def _message(status: int, title: str, text: str) -> flask.Response:
    body = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{html.escape(title)}"
            f"</title><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
            f"</head><body><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>")
    return _html(status, body)


def _html(status: int, body: str) -> flask.Response:
    return flask.Response(body, status=status, mimetype="text/html")


class _SecurityHeaders:
    """The site's security headers (site/headers.py), with the script hashes of the build being
    served: read again when a build replaces the site."""

    def __init__(self, site_dir: Path):
        self.site_dir = site_dir
        self._stamp: tuple | None = None
        self._headers: dict[str, str] = {}
        self._lock = threading.Lock()

    def current(self) -> dict[str, str]:
        try:
            info = os.stat(self.site_dir / HEADERS_FILE)
            stamp: tuple = (info.st_ino, info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = ()
        with self._lock:
            if stamp != self._stamp:
                self._headers, self._stamp = site_headers(self.site_dir), stamp
            return self._headers


class _SiteFiles:
    """The files of the built site that may be sent: those that resolve inside the site folder
    (a symbolic link to /etc/passwd is not served), and never the inbox or its -wal/-shm files.
    Opening and closing the inbox's files in this process would drop the SQLite locks its own
    connections hold (POSIX locks belong to the process), letting another process's checkpoint
    discard acknowledged drafts."""

    def __init__(self, site_dir: Path, inbox: Path):
        self.site_dir = site_dir
        self.root = os.path.realpath(site_dir)
        self.inbox_files = [os.path.realpath(f"{inbox}{suffix}")
                            for suffix in ("", "-wal", "-shm", "-journal")]

    def resolve(self, path: str) -> str | None:
        """The real file to send for `path`, or None when it may not be sent."""
        if "\0" in path:  # "/%00": no file has that name (and os calls refuse it with ValueError)
            return None
        real = os.path.realpath(path)
        if not (real == self.root or real.startswith(self.root + os.sep)):
            return None
        try:
            info = os.stat(real)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or self._is_inbox(info):
            return None
        return real

    def _is_inbox(self, info: os.stat_result) -> bool:
        # By file identity, not name: a hard link in site/ is the inbox too.
        for name in self.inbox_files:
            try:
                other = os.stat(name)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return True
        return False


def _serve_file(files: _SiteFiles, path: str) -> flask.Response:
    site_dir = str(files.site_dir)
    target = safe_join(site_dir, path) if path else site_dir
    if target is None:
        raise NotFound()
    if os.path.isdir(target):
        if path and not path.endswith("/"):
            return flask.redirect(flask.request.path + "/", 301)
        target = os.path.join(target, "index.html")
    real = files.resolve(target)
    if real is not None:
        compressed = gzip_response(real) if accepts_gzip(flask.request) else None
        return compressed or flask.send_file(real, conditional=True)
    missing = files.resolve(os.path.join(site_dir, "404.html"))
    if missing is not None:
        return _html(404, Path(missing).read_text(encoding="utf-8"))
    raise NotFound()
