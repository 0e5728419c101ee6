"""Writing small blog projects for tests, the way an author would lay them out."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result

from salesblog.cli import group

SITE_CONFIG = """\
title: Test Blog
url: https://blog.example.com/
description: A blog for tests.
timezone: UTC
posts_per_page: 2
recent_posts: 2
call_to_action:
  - title: "Landing Pages: The Do’s and Dont’s"
    text: Improve your forms.
    button: Get Your Copy
    url: https://blog.example.com/offer/
"""

AUTHORS = """\
brian:
  name: Brian Signorelli
  title: Sales Manager
  bio: Brian leads a sales team.
guest-writer:
  name: Aaron Wittersheim
  title: Chief Operating Officer
  guest: true
"""


@dataclass
class BlogProject:
    root: Path

    @classmethod
    def sample(cls, root: Path) -> "BlogProject":
        project = cls(root)
        project.write("site_config.yml", SITE_CONFIG)
        project.write("content/authors.yml", AUTHORS)
        project.post("first-post", title="First Post", date="2024-01-10", tags=["Sales Coaching", "leadership"],
                     body="The first paragraph of the first post.\n\n<!-- more -->\n\n"
                          "More text here.\n{: #more }")
        project.post("second-post", title="Second Post", date="2024-02-10", tags=["leadership"],
                     body="Second post opening.\n\nSee [the first post](first-post.md#more).")
        project.post("third-post", title="Third Post", date="2024-03-10", authors=["guest-writer"],
                     tags=["negotiation"], body="Third post body, by a guest.")
        return project

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def add_draft_future_and_imported_posts(self) -> None:
        """A draft, a post dated in the future and an imported post with its old address."""
        self.post("draft-post", title="Draft Post", date="2024-03-20", extra="draft: true\n", body="Not yet.")
        self.post("future-post", title="Future Post", date="2999-01-01", body="Later.")
        self.post("old-post", title="Old Post", date="2023-06-01", tags=["negotiation"],
                  extra="legacy_url: https://old.example.com/blog/old-post-path\n", body="An imported post.")

    def post(self, name: str, *, title: str = "A Post", date: str = "2024-01-01",
             authors: list[str] | None = None, tags: list[str] | None = None,
             body: str = "Body text.", extra: str = "") -> Path:
        tag_list = ", ".join(json.dumps(t) for t in (tags or []))
        front = textwrap.dedent(f"""\
            ---
            title: {json.dumps(title)}
            date: {date}
            authors: [{", ".join(authors or ["brian"])}]
            tags: [{tag_list}]
            """) + extra + "---\n\n"
        return self.write(f"content/posts/{name}.md", front + body + "\n")

    def run(self, *args: str) -> Result:
        """The CLI in this process (fast); output and exit code as a user sees them."""
        return CliRunner().invoke(group, ["-C", str(self.root), *args], catch_exceptions=False)

    def run_process(self, *args: str) -> subprocess.CompletedProcess:
        """The CLI as a separate process, exactly as users start it."""
        return subprocess.run([sys.executable, "-m", "salesblog", "-C", str(self.root), *args],
                              capture_output=True, text=True, timeout=300)

    def page(self, path: str, site: str = "site") -> str:
        return (self.root / site / path).read_text(encoding="utf-8")


# Run `salesblog check` in a fresh interpreter, then list the top-level modules it imported.
_CHECK_PROBE = """
import json, runpy, sys
sys.argv = ["salesblog", "-C", sys.argv[1], "check"]
try:
    runpy.run_module("salesblog", run_name="__main__")
except SystemExit as done:
    assert done.code == 0, done.code
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def modules_check_imports(root: Path) -> set[str]:
    """The top-level modules `salesblog check` loads for the project at `root` (it must pass)."""
    result = subprocess.run([sys.executable, "-c", _CHECK_PROBE, str(root)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))
