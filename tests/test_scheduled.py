"""`salesblog scheduled`: future posts and when each falls due, in the site's time zone."""

from __future__ import annotations

import datetime as dt


def test_future_posts_are_listed_soonest_first_in_the_sites_zone(blog):
    config = blog.root / "site_config.yml"
    config.write_text(config.read_text().replace("timezone: UTC", "timezone: Asia/Tokyo"))
    next_year = dt.date.today().year + 1
    blog.post("later", title="Later Post", date=f"{next_year + 1}-01-01 09:30")
    blog.post("sooner", title="Sooner Post", date=f"{next_year}-06-01T00:00:00+00:00")
    blog.post("unfinished", title="Unfinished", date=f"{next_year}-02-01", extra="draft: true\n")
    result = blog.run("scheduled")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{next_year}-06-01 09:00 JST  content/posts/sooner.md  Sooner Post",
        f"{next_year + 1}-01-01 09:30 JST  content/posts/later.md  Later Post",
    ]
    # Both are left out of today's build.
    assert blog.run("build").exit_code == 0
    assert not (blog.root / "site" / "blog" / "later").exists()


def test_nothing_scheduled(blog):
    result = blog.run("scheduled")
    assert result.exit_code == 0
    assert result.stdout == ""


def test_readme_shows_how_to_rebuild_when_a_post_falls_due():
    import re
    from pathlib import Path

    import yaml

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^\*/\d+ \* \* \* \* .*salesblog build", readme, re.M)
    workflow = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "schedule" in block)
    data = yaml.safe_load(workflow)
    assert data[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key `on` as True
    steps = " ".join(str(step) for step in data["jobs"]["publish"]["steps"])
    assert "salesblog build" in steps and "deploy-pages" in steps
