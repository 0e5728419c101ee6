"""POST /contribute over real HTTP on loopback: every row of the contract's table, and bad input."""

from __future__ import annotations

import http.client
import os

import lxml.html
import pytest

from salesblog.contribute.formpage import bare_page
from tests.test_contribute_support import GOOD, good, make_project, post, serving, settings, stored


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "blog")


@pytest.fixture
def server(project):
    with serving(project, settings(project)) as running:
        yield running


def form_of(page: str):
    document = lxml.html.document_fromstring(page)
    return document.xpath("//form[@method='post']")[0]


def error_for(form, name: str) -> str:
    return form.xpath(".//*[@data-error-for=$n]", n=name)[0].text_content().strip()


# --- accepted -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/contribute", "/contribute/"])
def test_accepted_draft_is_stored_before_the_303(server, project, path):
    status, headers, _ = server.post(good(), path=path)
    assert status == 303
    assert headers["Location"] == "/contribute/thanks/"
    # Read through a connection of its own, right after the answer: it is committed.
    (draft,) = stored(project, settings(project))
    assert (draft.name, draft.email, draft.title) == (GOOD["name"], GOOD["email"], GOOD["title"])
    assert draft.body == GOOD["body"]
    assert draft.tags == ["negotiation", "sales coaching"]
    assert draft.status == "pending" and draft.client == "127.0.0.1"


def test_unknown_extra_fields_are_ignored(server, project):
    status, _, _ = server.post({**good(), "phone": "555", "csrf": "x", "submit": "Send"})
    assert status == 303
    assert len(stored(project, settings(project))) == 1


def test_optional_fields_may_be_left_out(server, project):
    status, _, _ = server.post(good(bio=None, tags=None))
    assert status == 303
    (draft,) = stored(project, settings(project))
    assert draft.bio == "" and draft.tags == []


def test_same_email_title_and_body_again_is_one_draft(server, project):
    assert server.post(good())[0] == 303
    assert server.post(good(name="Jane D."))[0] == 303  # a resend, with a typo fixed
    assert server.post(good(title="Another title"))[0] == 303
    titles = sorted(d.title for d in stored(project, settings(project)))
    assert titles == ["Another title", GOOD["title"]]


def test_a_multipart_post_is_accepted_and_its_file_ignored(server, project):
    boundary = "XyZ"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             for k, v in good().items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="a.bin"'
                 f'\r\nContent-Type: application/octet-stream\r\n\r\n{"x" * 100_000}\r\n')
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    status, _, _ = server.post(None, body=body,
                               headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 303
    assert len(stored(project, settings(project))) == 1


# --- invalid fields: 400, the form again ----------------------------------------------------

def test_invalid_fields_get_the_form_again_with_a_message_each_and_input_kept(server, project):
    status, headers, page = server.post(good(email="not an address", body="Too short"))
    assert status == 400
    assert headers["Content-Type"].startswith("text/html")
    form = form_of(page)
    assert "e-mail" in error_for(form, "email").lower()
    assert "20 characters" in error_for(form, "body")
    assert error_for(form, "name") == "" and error_for(form, "title") == ""
    assert form.xpath(".//input[@name='name']/@value") == [GOOD["name"]]
    assert form.xpath(".//input[@name='email']/@value") == ["not an address"]
    assert form.xpath(".//textarea[@name='body']")[0].text == "Too short"
    assert form.xpath(".//input[@name='email']/@aria-invalid") == ["true"]
    assert stored(project, settings(project)) == []


def test_missing_fields_each_get_a_message(server, project):
    status, _, page = server.post({"tags": "x"})
    assert status == 400
    form = form_of(page)
    for name in ("name", "email", "title", "body"):
        assert error_for(form, name), name
    assert stored(project, settings(project)) == []


@pytest.mark.parametrize("body", ["", "   \n  ", "Nineteen characters"])
def test_an_empty_or_short_body_is_refused(server, body):
    status, _, page = server.post(good(body=body))
    assert status == 400
    assert "20 characters" in error_for(form_of(page), "body")


def test_a_body_of_twenty_characters_is_enough(server):
    assert server.post(good(body="x" * 20))[0] == 303


@pytest.mark.parametrize("field,value", [
    ("body", "A perfectly fine body\x00 with a null byte"),
    ("name", "Jane\x00Doe"),
    ("title", "Title\x00"),
    ("name", "Jane\r\nBcc: victim@example.com"),
    ("name", "Jane\nDoe"),
    ("email", "jane@example.com\r\nBcc: victim@example.com"),
    ("email", "jane@example.com\n"),
    ("email", "j\u0430ne@example.com"),  # Cyrillic а: a homoglyph address
    ("email", "jane@ex\u0430mple.com"),
    ("email", "jane@@example.com"),
    ("name", "x" * 101),
    ("title", "t" * 201),
    ("bio", "b" * 1001),
    ("tags", ", ".join(f"tag{i}" for i in range(11))),
    ("title", "<script>alert(1)</script>"),
    ("title", "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("tags", "sales, &#60;b&#62;"),
    ("name", "Eve &quot;onmouseover"),
])
def test_bad_values_are_refused_with_a_message_on_their_field(server, project, field, value):
    status, _, page = server.post(good(**{field: value}))
    assert status == 400
    form = form_of(page)
    assert error_for(form, field)
    others = [n for n in ("name", "email", "title", "body", "bio", "tags") if n != field]
    assert all(error_for(form, n) == "" for n in others)
    assert stored(project, settings(project)) == []


def test_hostile_input_is_kept_as_text_in_the_400_page(server):
    hostile = '"><script>alert("kept")</script>'
    status, _, page = server.post(good(name=hostile, body="</textarea><script>alert(2)</script>"))
    assert status == 400
    document = lxml.html.document_fromstring(page)
    scripts = " ".join(s.text_content() for s in document.xpath("//script"))
    assert "alert" not in scripts
    form = document.xpath("//form")[0]
    assert form.xpath(".//input[@name='name']/@value") == [hostile]
    assert form.xpath(".//textarea[@name='body']")[0].text == "</textarea><script>alert(2)</script>"


def test_the_400_page_is_the_built_contribute_page(project):
    built = project.root / "site" / "contribute" / "index.html"
    built.parent.mkdir(parents=True)
    page = bare_page(settings(project), "/contribute").replace("<body>", "<body><nav id=site-nav>Sales Blog</nav>")
    built.write_text(page, encoding="utf-8")
    with serving(project, settings(project)) as server:
        status, _, answer = server.post(good(title=""))
    assert status == 400
    document = lxml.html.document_fromstring(answer)
    assert document.xpath("//nav[@id='site-nav']")
    assert error_for(form_of(answer), "title")


# --- 413 ------------------------------------------------------------------------------------

def test_a_body_over_the_configured_size_gets_413(project):
    config = settings(project, max_body_kb=2)
    with serving(project, config) as server:
        assert server.post(good(body="x" * 2048))[0] == 303
        status, _, _ = server.post(good(body="y" * 2049))
        assert status == 413
        # Multi-byte characters count by their bytes, not by characters.
        assert server.post(good(body="\u00e9" * 1100))[0] == 413
    assert [len(d.body) for d in stored(project, config)] == [2048]


def test_a_huge_request_gets_413_before_it_is_read(project):
    config = settings(project, max_body_kb=1)
    with serving(project, config) as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        connection.putrequest("POST", "/contribute")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(50 * 1024 * 1024))
        connection.endheaders()
        try:
            connection.send(b"body=" + b"z" * 65536)
        except OSError:
            pass  # the server may close the connection as soon as it has answered
        response = connection.getresponse()
        assert response.status == 413
        connection.close()
    assert stored(project, config) == []


# --- 429 ------------------------------------------------------------------------------------

def test_too_many_posts_from_one_address_get_429_with_retry_after(project):
    config = settings(project, rate_limit="3 per minute")
    with serving(project, config) as server:
        answers = [server.post(good(title=f"Post {i}")) for i in range(5)]
    assert [a[0] for a in answers] == [303, 303, 303, 429, 429]
    retry_after = int(answers[3][1]["Retry-After"])
    assert 1 <= retry_after <= 61  # the window, rounded up
    assert len(stored(project, config)) == 3


def test_a_hundred_posts_a_minute_from_one_address_store_only_the_configured_number(project):
    config = settings(project, rate_limit="5 per minute")  # the example site's setting
    with serving(project, config) as server:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=30)
        statuses = [post(None, None, good(title=f"Flood {i}"), connection=connection)[0]
                    for i in range(100)]
        connection.close()
    assert statuses.count(303) == 5 and statuses.count(429) == 95
    assert len(stored(project, config)) == 5


def test_the_limit_counts_every_post_not_just_accepted_ones(project):
    config = settings(project, rate_limit="2 per minute")
    with serving(project, config) as server:
        assert server.post(good(email="bad"))[0] == 400
        assert server.post(good(website="spam"))[0] == 303
        assert server.post(good())[0] == 429


# --- 403 ------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "https://blog.example.com.evil.example"},
    {"Origin": "http://blog.example.com"},  # the site is https
    {"Referer": "https://evil.example/contribute/"},
    {"Origin": "https://evil.example", "Referer": "https://blog.example.com/contribute/"},
])
def test_a_foreign_origin_or_referer_gets_403_and_nothing_is_stored(server, project, headers):
    status, _, _ = server.post(good(), headers=headers)
    assert status == 403
    assert stored(project, settings(project)) == []


def test_the_sites_origin_and_the_serving_hosts_own_origin_are_accepted(server, project):
    own = f"http://127.0.0.1:{server.port}"
    cases = [{"Origin": "https://blog.example.com"}, {"Origin": "https://BLOG.example.com:443"},
             {"Referer": "https://blog.example.com/contribute/"}, {"Origin": own},
             {"Referer": own + "/contribute/"}, {}]
    for number, headers in enumerate(cases):
        status, _, _ = server.post(good(title=f"Origin case {number}"), headers=headers)
        assert status == 303, headers
    assert len(stored(project, settings(project))) == len(cases)


# --- honeypot -------------------------------------------------------------------------------

def test_a_filled_honeypot_gets_a_303_and_nothing_is_stored(server, project):
    status, headers, _ = server.post(good(website="http://spam.example"))
    assert status == 303
    assert headers["Location"] == "/contribute/thanks/"
    assert stored(project, settings(project)) == []


def test_the_honeypot_wins_over_invalid_fields(server, project):
    assert server.post({"website": "x"})[0] == 303
    assert stored(project, settings(project)) == []


# --- the rest of the site, and what is written ---------------------------------------------

def test_the_built_site_is_served(project):
    site = project.root / "site"
    (site / "contribute").mkdir(parents=True)
    (site / "index.html").write_text("<h1>home</h1>")
    (site / "contribute" / "index.html").write_text("<form method=post></form>")
    with serving(project, settings(project)) as server:
        assert server.get("/")[0] == 200 and "home" in server.get("/")[2]
        status, headers, _ = server.get("/contribute")
        assert status == 301 and headers["Location"].endswith("/contribute/")
        assert server.get("/contribute/")[0] == 200
        assert server.get("/../site_config.yml")[0] == 404
        assert server.get("/%2e%2e/site_config.yml")[0] == 404
        assert server.get("/nope/")[0] == 404


def test_a_site_under_a_base_path_posts_to_it(tmp_path):
    project = make_project(tmp_path / "blog")
    config = settings(project)
    config.url = "https://example.com/blog/"
    with serving(project, config) as server:
        status, headers, _ = server.post(good(), path="/blog/contribute",
                                         headers={"Origin": "https://example.com"})
        assert status == 303 and headers["Location"] == "/blog/contribute/thanks/"
        assert server.post(good(title="Elsewhere"), path="/contribute")[0] in (404, 405)


def _tree(root) -> dict[str, float]:
    return {os.path.join(folder, name): os.stat(os.path.join(folder, name)).st_mtime_ns
            for folder, _, names in os.walk(root) for name in names}


def test_the_endpoint_writes_nothing_but_the_inbox(project):
    config = settings(project, max_body_kb=1)
    inbox_dir = str(project.root / "data")
    before = _tree(project.root)
    with serving(project, config) as server:
        server.post(good())
        server.post(good(email="bad"))
        server.post(good(body="x" * 5000))
        server.post(good(website="x"))
        server.post(good(), headers={"Origin": "https://evil.example"})
    after = {p: t for p, t in _tree(project.root).items() if not p.startswith(inbox_dir)}
    assert after == before
    assert {os.path.basename(p) for p in _tree(inbox_dir)} <= {
        "inbox.sqlite3", "inbox.sqlite3-wal", "inbox.sqlite3-shm"}
