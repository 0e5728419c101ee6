"""`salesblog serve`: the built site and the contribute endpoint, on a real WSGI server."""

from __future__ import annotations

import click

from salesblog.audience.routes import install as install_audience
from salesblog.config import load_site_config
from salesblog.contribute.app import create_app
from salesblog.contribute.inbox import Inbox, inbox_path
from salesblog.contribute.server import THREADS, address, make_server
from salesblog.site.headers import HEADERS_FILE


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one.")
@click.option("-d", "--site-dir", default="site", show_default=True, metavar="SITE_DIR",
              help="The built site to serve, relative to the project root.")
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256),
              help="Requests handled at the same time.")
@click.pass_obj
def command(session, host: str, port: int, site_dir: str, threads: int):
    """Serve the built site and receive guest drafts at POST /contribute.

    Drafts go to the SQLite inbox set by contribute.inbox in site_config.yml; review them with
    `salesblog inbox list`. Stop the server with Ctrl+C.

    \b
    Example:
      salesblog build && salesblog serve --port 8000
    """
    project = session.project()
    config = load_site_config(project)
    site = project.root / site_dir
    inbox = Inbox(inbox_path(project, config, site))
    inbox.pending()  # open (and create or migrate) the inbox now: fail before listening
    if not (site / "contribute" / "index.html").is_file():
        click.echo(f"warning: {project.relative(site)}/contribute/index.html not found; "
                   "run salesblog build first", err=True)
    elif not (site / HEADERS_FILE).is_file():
        click.echo(f"warning: {project.relative(site)}/{HEADERS_FILE} not found (a site built by "
                   "an older salesblog); run salesblog build, or the pages' scripts are blocked",
                   err=True)
    app = create_app(config, inbox, site)
    stop_outbox = install_audience(app, project, config, site)  # offers, subscribe, outbox worker
    server = make_server(app, config, host, port, threads)
    # Scripts and tests read this line to learn the port (with --port 0).
    click.echo(f"Serving {project.relative(site)}/ and POST {config.base_path}contribute on "
               f"{address(server, host, port)} (Ctrl+C to stop)", nl=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        stop_outbox.set()
        server.close()
        inbox.close()
