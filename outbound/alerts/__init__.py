"""Alerts that reach people: what is worth telling (kinds, dedup keys), how it reads (zh/en
markdown), where it goes (routing YAML, $OUTBOUND_ALERT_URLS), how it travels (apprise
channels), and what became of it (delivery ledger in the warehouse, retried, digested).

    kinds.py      Notice: kind, dedup key, level (for "re-sent only when worse"), severity, facts
    build.py      assessments, spot-check reports, filings and scan failures → notices
    render.py     one notice or a digest → title + markdown body, zh or en
    routing.py    channels file + $OUTBOUND_ALERT_URLS → routes; secrets resolved at send time
    channels.py   apprise delivery, its log captured and masked
    plugins.py    apprise plugins: DingTalk signed once, Feishu / Lark signed, WeCom markdown
    ledger.py     the warehouse tables: notices, deliveries, scan failures
    dispatch.py   one night: new or worse → routes → digest → send with retry → record
    nightly.py    after a scan (CLI, DAG): gather from the warehouse and the zone, dispatch; never raises
    receiver.py   a loopback webhook receiver (make demo, tests); demo_route.py routes the demo to it

Everything here carries counts, rule ids, masks and keyed hashes only: never a raw value, never
a secret (routes are named by their `name`, never by their URL).
"""
