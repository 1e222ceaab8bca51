"""The dashboard command: serve the Streamlit app."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import StanceError

EXAMPLES: dict[str, str] = {"dashboard": "stance dashboard --db stance.db --port 8501"}


def add_commands(command, db_help: str) -> None:
    """Add this group's subcommands; ``command(name, help)`` returns an argparse parser."""
    p = command("dashboard", "Serve the dashboard (positions, shifts, blame, evidence) until Ctrl-C.")
    p.add_argument("--db", help=db_help)
    p.add_argument("--port", type=int, default=8501, help="port to serve on (default 8501)")
    p.add_argument("--address", default="localhost",
                   help="address to listen on (default localhost; 0.0.0.0 for every interface)")


def streamlit_argv(app: Path, port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line: headless (no browser, no first-run e-mail prompt),
    usage statistics off, no file watcher."""
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.port", str(port), "--server.address", address,
            "--server.fileWatcherType", "none", "--client.toolbarMode", "minimal",
            "--theme.base", "light"]


def _port_free(address: str, port: int) -> bool:
    """Whether a server could listen on ``address:port`` now."""
    import socket

    try:
        family, kind, proto, _, where = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0]
    except OSError:
        return True  # an address we cannot resolve: Streamlit gives its own message
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.bind(where)
    except OSError:
        return False
    return True


def cmd_dashboard(args) -> int:
    from sqlalchemy.engine import make_url

    from ..analysis.statement_frame import data_version
    from ..store import store

    if not 0 < args.port < 65536:
        raise StanceError(f"--port must be between 1 and 65535, got {args.port}")
    if not _port_free(args.address, args.port):
        raise StanceError(f"port {args.port} on {args.address} is in use (another dashboard?); "
                          "give another with --port")
    url = store.database_url(args.db)
    engine = store.open_store(url, create=False)  # a missing database: one-line error, exit 2
    n_statements = data_version(engine)[0]
    engine.dispose()
    if not n_statements:
        print(f"stance: note: {store.shown_url(url)} holds no statements yet; ingest articles first "
              "(`stance ingest seeds/ --db ...`). The dashboard will say so too.", file=sys.stderr)
    app = Path(__file__).parents[1] / "dashboard" / "app.py"
    env = dict(os.environ, STANCE_DB=url)
    shown = make_url(url).render_as_string(hide_password=True)
    print(f"stance: serving {n_statements} statements of {shown} on http://{args.address}:{args.port} "
          "until Ctrl-C", flush=True)
    argv = streamlit_argv(app, args.port, args.address)
    # exec: Streamlit becomes this process, so Ctrl-C and a stop signal reach it directly
    os.execvpe(argv[0], argv, env)
    return 0  # not reached


HANDLERS = {"dashboard": cmd_dashboard}
