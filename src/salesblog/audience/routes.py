"""The audience's endpoints on `salesblog serve`: offer forms, downloads, subscribe, confirm,
preferences, unsubscribe. Posts follow the contribute form's rules: the same rate limit per
client address, the same Origin check and the same honeypot."""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import flask
from limits import parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from salesblog.audience import leads, outbox, subscribers, tokens
from salesblog.audience.mailer import personal_links
from salesblog.audience.offers import load_offers, offer_file
from salesblog.audience.pages import message_page, render
from salesblog.audience.store import Store
from salesblog.config import SiteConfig
from salesblog.contribute.form import _email, is_honeypot_filled
from salesblog.contribute.origin import is_foreign
from salesblog.errors import SalesblogError
from salesblog.project import Project


class _RateLimit:
    """contribute.rate_limit, counted per client address over a moving window."""

    def __init__(self, text: str):
        self.limits = parse_many(text)
        self.limiter = MovingWindowRateLimiter(MemoryStorage())

    def retry_after(self, client: str) -> int | None:
        """None when this request may go on; else seconds to wait."""
        for limit in self.limits:
            if not self.limiter.hit(limit, "audience", client):
                reset, _ = self.limiter.get_window_stats(limit, "audience", client)
                return max(1, math.ceil(reset - time.time()))
        return None


def _html(status: int, body: str) -> flask.Response:
    response = flask.Response(body, status=status, mimetype="text/html")
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "no-store"
    return response


def create_blueprint(project: Project, config: SiteConfig, store: Store) -> flask.Blueprint:
    prefix = config.base_path.rstrip("/")
    blueprint = flask.Blueprint("audience", __name__, url_prefix=prefix or None)
    limit = _RateLimit(config.contribute.rate_limit)

    def refused() -> flask.Response | None:
        """The contribute form's answers: 429 past the rate limit, 403 from another site."""
        client = flask.request.remote_addr or "unknown"
        wait = limit.retry_after(client)
        if wait is not None:
            response = _html(429, message_page(config, "Too many requests",
                                               "Please try again later."))
            response.headers["Retry-After"] = str(wait)
            return response
        own_origin = f"{flask.request.scheme}://{flask.request.host}"
        if is_foreign(flask.request.headers, [config.origin, own_origin]):
            return _html(403, message_page(config, "Forbidden",
                                           "This form only accepts posts from its own site."))
        return None

    def offer_or_404(offer_id: str):
        offer = load_offers(project).get(offer_id)
        if offer is None:
            flask.abort(404)
        return offer

    def lead_form(offer, values, errors, status):
        return _html(status, render("audience/lead-form.html", config, title=offer.title, offer=offer,
                                    values=values, errors=errors, action=flask.request.path.rstrip("/"),
                                    privacy_url=config.leads.privacy_url))

    @blueprint.get("/offers/<offer_id>/")
    def offer_page(offer_id: str):
        offer = offer_or_404(offer_id)
        return lead_form(offer, {"post": flask.request.args.get("post", "")[:300]}, {}, 200)

    @blueprint.post("/offers/<offer_id>")
    @blueprint.post("/offers/<offer_id>/")
    def offer_post(offer_id: str):
        problem = refused()
        if problem:
            return problem
        offer = offer_or_404(offer_id)
        if is_honeypot_filled(flask.request.form):
            return flask.redirect(f"{prefix}/offers/thanks/", 303)
        values, errors = leads.validate(flask.request.form)
        if errors:
            return lead_form(offer, values, errors, 400)
        referrer = urlsplit(flask.request.headers.get("Referer", "")).path or values["post"]
        leads.add_lead(store, config, offer, values, referrer, flask.request.remote_addr or "unknown")
        return flask.redirect(f"{prefix}/offers/thanks/", 303)

    @blueprint.get("/offers/thanks/")
    def offer_thanks():
        return _html(200, message_page(
            config, "Check your inbox",
            "We have sent you an e-mail with your download link. Open it to get your copy."))

    @blueprint.get("/offers/download/<token>")
    def download(token: str):
        lead = leads.confirm(store, config, token)
        offer = load_offers(project).get(lead.offer) if lead else None
        if offer is None:
            return _html(410, message_page(config, "This link has expired",
                                           "Ask for the download again from the blog."))
        if offer.url:
            return flask.redirect(offer.url, 303)
        path = offer_file(project, offer.file)
        if path is None or not path.is_file():
            flask.abort(404)
        response = flask.send_file(path, as_attachment=True, download_name=path.name)
        response.headers["X-Robots-Tag"] = "noindex"
        response.headers["Cache-Control"] = "no-store"
        return response

    @blueprint.post("/subscribe")
    @blueprint.post("/subscribe/")
    def subscribe():
        problem = refused()
        if problem:
            return problem
        email = (flask.request.form.get("email") or "").strip()
        if not is_honeypot_filled(flask.request.form):
            if _email(email):
                return _html(400, message_page(config, "Please check the address", _email(email)))
            subscribers.request(store, config, email)
        # The same answer whether the address is new, waiting or subscribed: nothing leaks.
        return flask.redirect(f"{prefix}/subscribe/thanks/", 303)

    @blueprint.get("/subscribe/thanks/")
    def subscribe_thanks():
        return _html(200, message_page(
            config, "Check your inbox",
            "If the address can receive our e-mails, a message with a confirmation link is on "
            "its way. Open it to start receiving new posts."))

    @blueprint.route("/subscribe/confirm/<token>", methods=["GET", "POST"])
    def confirm(token: str):
        # A GET only shows the button: mail scanners open every link of a message, and must not
        # subscribe anyone. The reader's click (a POST from this page) does.
        if flask.request.method == "GET":
            if not isinstance(tokens.read(store.secret(), "confirm", token,
                                          dt.timedelta(days=config.leads.link_days)), str):
                return _expired_confirm()
            return _html(200, render("audience/confirm.html", config, title="Confirm your subscription",
                                     action=flask.request.path))
        problem = refused()
        if problem:
            return problem
        email = subscribers.confirm(store, config, token)
        if email is None:
            return _expired_confirm()
        links = personal_links(config, store.secret(), email)
        return _html(200, message_page(config, "You are subscribed", "New posts will come to your inbox.",
                                       link=(links["preferences_url"], "Choose topics and how often")))

    def _expired_confirm() -> flask.Response:
        return _html(410, message_page(config, "This link has expired",
                                       "Subscribe again with the form on the blog."))

    @blueprint.route("/subscribe/preferences/<token>", methods=["GET", "POST"])
    def preferences(token: str):
        email = tokens.read(store.secret(), "preferences", token, tokens.LONG_LIVED)
        if not isinstance(email, str):
            return _html(410, message_page(config, "This link has expired",
                                           "Use the link in a newer e-mail from us."))
        saved = False
        if flask.request.method == "POST":
            problem = refused()
            if problem:
                return problem
            saved = subscribers.set_preferences(store, email, flask.request.form.getlist("topics"),
                                                flask.request.form.get("frequency", "each"))
        current = subscribers.find(store.db(), email)
        subscribed = current is not None and current.status == "active"
        return _html(200, render(
            "audience/preferences.html", config, title="E-mail preferences", saved=saved,
            subscribed=subscribed, topics=topic_list(), chosen=set(current.topics) if subscribed else set(),
            frequency=current.frequency if subscribed else "each", action=flask.request.path,
            unsubscribe_url=personal_links(config, store.secret(), email)["unsubscribe_url"]))

    @blueprint.route("/unsubscribe/<token>", methods=["GET", "POST"])
    def unsubscribe(token: str):
        email = tokens.read(store.secret(), "unsubscribe", token, tokens.LONG_LIVED)
        if not isinstance(email, str):
            return _html(410, message_page(config, "This link has expired",
                                           "Use the link in a newer e-mail from us."))
        # A POST is RFC 8058's one-click unsubscribe, sent by mail providers without an Origin
        # of ours: the signed token is what authorises it. A GET only shows the button, since
        # link scanners open every link in a message.
        done = flask.request.method == "POST"
        if done:
            subscribers.unsubscribe(store, email)
        return _html(200, render("audience/unsubscribe.html", config, title="Unsubscribe",
                                 done=done, action=flask.request.path))

    topics_cache: dict[str, list] = {}

    def topic_list() -> list[tuple[str, str]]:
        """(slug, name) of every tag of the blog, read once per process."""
        if "all" not in topics_cache:
            from salesblog.content.model import load_content

            try:
                content = load_content(project)
                topics_cache["all"] = sorted(((slug, name) for slug, (name, _) in content.tags.items()),
                                             key=lambda t: t[1].casefold())
            except SalesblogError:
                topics_cache["all"] = []
        return topics_cache["all"]

    return blueprint


def install(app: flask.Flask, project: Project, config: SiteConfig, site_dir: Path) -> threading.Event:
    """Add the audience's endpoints to the serve app and start the outbox's sending thread;
    set the returned event to stop it."""
    store = Store.of(project, config, site_dir)
    store.secret()  # open (create or migrate) the tables now: fail before listening
    app.register_blueprint(create_blueprint(project, config, store))
    # One store for both: its write lock queues the thread's writes behind the requests'.
    return outbox.start_worker(store, config)
