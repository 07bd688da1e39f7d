"""Alerts that reach people: what is worth telling (kinds, dedup keys), how it reads (zh/en
markdown), where it goes (routing YAML, $OUTBOUND_ALERT_URLS), how it travels (apprise
channels), and what became of it (delivery ledger in the warehouse, retried, digested).

    kinds.py      Notice: kind, dedup key, level (for "re-sent only when worse"), severity, facts
    build.py      assessments, spot-check reports, filing lifecycles and scan failures → notices
    render.py     one notice or a digest → title + markdown body, zh or en
    routing.py    channels file + $OUTBOUND_ALERT_URLS → routes; secrets resolved at send time
    channels.py   apprise delivery, its log captured and masked
    plugins.py    apprise plugins: DingTalk signed once, Feishu / Lark signed, WeCom markdown
    ledger.py     the `Ledger` protocol dispatch records through; notices ↔ ledger rows
    dispatch.py   one night: new or worse → routes → digest → send with retry → record
    receiver.py   a loopback webhook receiver (make demo, tests)

A stage: it imports only common, identifiers and regulation. What reads the warehouse and the
filings and orders the work is outbound.pipeline.alerting (after a scan, the DAG, `alerts send`);
the ledger's SQL is outbound.warehouse.alert_log; the demo's route is outbound.demo.alert_route.

Everything here carries counts, rule ids, masks and keyed hashes only: never a raw value, never
a secret (routes are named by their `name`, never by their URL).
"""
