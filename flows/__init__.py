"""Prefect flows and the plain pipeline they wrap.

Importing this package switches telemetry off before Prefect or great-expectations can be
imported by any submodule: the office runs offline and nothing may call out.
"""

import os
from pathlib import Path

# forced: analytics stay off even if the caller's environment says otherwise
os.environ.update(
    {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }
)
# defaults the caller may override
for _name, _value in {
    # the terminal shows rich summaries; Prefect's INFO lines would drown them
    "PREFECT_LOGGING_LEVEL": "WARNING",
    # the first start creates the database; on a busy 2-core machine that exceeds the 20 s
    # default, and at load 30 it exceeded 120 s (round 8: six benchmark runs failed so)
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "300",
}.items():
    os.environ.setdefault(_name, _value)


def use_prefect_home(data_dir) -> None:
    """Keep Prefect's database under the data directory unless PREFECT_HOME is set, so
    separate stores (and tests) never share one. Call before the first Prefect import."""
    home = Path(os.environ.setdefault("PREFECT_HOME", str(Path(data_dir).resolve() / ".prefect")))
    home.mkdir(parents=True, exist_ok=True)  # SQLite cannot create the directory itself
