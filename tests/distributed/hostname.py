"""Each Celery worker of the distributed test names itself ($OUTBOUND_WORKER_NAME) as the host of
its task instances, so the test can tell the two workers on one machine apart."""

from __future__ import annotations

import os
import socket


def name() -> str:
    return os.environ.get("OUTBOUND_WORKER_NAME") or socket.getfqdn()
