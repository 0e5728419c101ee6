"""`salesblog preview`: the site with drafts, rebuilt and reloaded as you write."""

from __future__ import annotations

import time

import click

from salesblog.config import load_site_config
from salesblog.errors import SalesblogError
from salesblog.pipeline import Builder



@click.command("preview")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.pass_obj
def command(session, host: str, port: int):
    """Serve a live-reloading preview, drafts and future posts included.

    Every save under content/, theme/ or site_config.yml rebuilds the preview and reloads the
    browser. Problems are printed as `path:line: message`; the last good preview stays up.

    \b
    Example:
      salesblog preview --port 8001
    """
    from salesblog.engine.preview import serve_with_reload  # MkDocs loads only when previewing

    project = session.project()
    site_dir = project.cache_dir / "preview-site"
    builder = Builder(project, site_dir, include_drafts=True, staged=False)

    def rebuild() -> None:
        started = time.perf_counter()
        try:
            result = builder.build()
        except SalesblogError as error:  # keep serving the last good preview
            error.show()
            return
        click.echo(f"Preview rebuilt: {result.posts} posts, {result.laid_out} pages laid out "
                   f"in {time.perf_counter() - started:.2f}s")

    rebuild()
    # Later rebuilds run on the server's thread: no forked workers from a threaded process.
    builder.jobs = 1
    if not site_dir.exists():
        raise click.ClickException("the preview could not be built; fix the problems above")
    base_path = load_site_config(project).base_path
    click.echo(f"Previewing on http://{host}:{port}{base_path} (Ctrl+C to stop)")
    serve_with_reload(site_dir, host, port,
                      [project.content_dir, project.theme_dir, project.config_path], rebuild, base_path,
                      builder.layout_session)
