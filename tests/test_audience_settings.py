"""The audience's settings and commands on their own: mistakes reported with their line, dry runs
that write nothing, offers checked at build time."""

from __future__ import annotations

from tests.projects import SITE_CONFIG, BlogProject


def test_mail_and_editor_mistakes_are_reported_with_their_line(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    blog.write("site_config.yml", SITE_CONFIG + "mail:\n  tls: tls1\n  port: 70000\n"
                                                "editors: [editor@example.com, not-an-address]\n"
                                                "leads:\n  webhook: ftp://example.com/\n")
    result = blog.run("check")
    assert result.exit_code == 1
    lines = SITE_CONFIG.count("\n")
    assert f"site_config.yml:{lines + 2}: mail.tls: must be none, starttls or ssl" in result.output
    assert f"site_config.yml:{lines + 3}: mail.port: must be a port number" in result.output
    assert f"site_config.yml:{lines + 4}: editors: 'not-an-address' is not an e-mail address" in result.output
    assert f"site_config.yml:{lines + 6}: leads.webhook: must be an absolute http(s) URL" in result.output


def test_digest_dry_run_names_who_would_get_what_and_enqueues_nothing(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    blog.write("people.csv", "email,opt-in date\nann@example.com,2020-01-01\n")
    assert blog.run("subscribers", "import", str(blog.root / "people.csv")).exit_code == 0
    result = blog.run("digest", "--dry-run", "--since", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert "ann@example.com: First Post" in result.output
    assert "would enqueue 3 e-mails for 1 subscribers" in result.output
    assert "the outbox is empty" in blog.run("outbox", "list").output
    assert "enqueued 3 e-mails" in blog.run("digest", "--since", "2024-01-01").output
    assert blog.run("outbox", "list").output.count("pending") == 3


def test_digest_refuses_an_impossible_date(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    result = blog.run("digest", "--since", "2024-13-01")
    assert result.exit_code == 1 and "--since '2024-13-01' is not a real date" in result.output


def test_a_broken_offer_stops_the_build_with_its_line(tmp_path):
    blog = BlogProject.sample(tmp_path / "blog")
    blog.write("content/offers/kit.yml", "title: Kit\nbutton: Get it\nfile: missing.pdf\ntags: [leadership]\n")
    result = blog.run("build")
    assert result.exit_code == 1
    assert "content/offers/kit.yml:3: file 'missing.pdf' not found in content/offers/files/" in result.output
    blog.write("content/offers/kit.yml", "title: Kit\nbutton: Get it\nfile: ../../site_config.yml\n")
    assert "not found in content/offers/files/" in blog.run("build").output
    assert not (blog.root / "site").exists()
