"""`make demo`'s alert route: a webhook receiver on 127.0.0.1, routed every alert while the demo's
DAG runs, then stopped. The demo's alerts are about fictional people: while it runs, the routes of
$OUTBOUND_ALERT_URLS and $OUTBOUND_ALERT_CHANNELS are set aside, so no real group is told.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from outbound.alerts.receiver import Receiver
from outbound.alerts.routing import CHANNELS_ENV, URLS_ENV


@contextmanager
def local_route(folder: Path) -> Iterator[Receiver]:
    """Start the receiver and route every alert to it (a channels file in `folder`); a fresh route
    name per run, so a second `make demo` is told the open alerts again instead of nothing."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    saved = {k: os.environ.get(k) for k in (URLS_ENV, CHANNELS_ENV)}
    with Receiver() as receiver:
        channels = folder / "demo-channels.yaml"
        channels.write_text(f"routes:\n  - name: demo-receiver-{stamp}\n    url: {receiver.url}\n"
                            "    min_severity: info\n    role: all\n    digest_over: 20\n", encoding="utf-8")
        os.environ.pop(URLS_ENV, None)
        os.environ[CHANNELS_ENV] = str(channels)
        try:
            yield receiver
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


def print_delivered(receiver: Receiver, console: Console) -> None:
    """What the receiver got: one line per message, and the first message as it would read."""
    console.print(f"\n[bold]Alerts delivered[/] to the local webhook receiver (127.0.0.1:{receiver.port}, "
                  f"now stopped): {len(receiver.bodies)} message(s)")
    for body in receiver.bodies:
        console.print(escape(f"  ✓ {body.get('title', '')}"))
    if receiver.bodies:
        first = receiver.bodies[0]
        console.print(escape(f"\n  First message, as a DingTalk group would show it:\n  ### {first.get('title')}"))
        for line in str(first.get("message", "")).splitlines():
            console.print(escape(f"  {line}"))
