"""The filing as a first-class object, compiled into Great Expectations checks.

    filing.py     schema (pydantic), load/dump; errors name the field (`datasets[0].fields[3]`)
    validate.py   the filing against rules/ (entities, lists, exemption grounds)
    sheets.py     Excel template: export and import
    lifecycle.py  validity, renewal window in Chinese working days, alerts
    policy.py     spot-check product policy (rules/spot_check/) and the procedure facts it uses
    observed.py   what a spot check saw, without raw values, as frames
    builders.py   one builder per filed property → GX expectation specs with meta
    gx_run.py     run the specs with GX (lazy import), Data Docs
    drift.py      findings, minor/major drift with the reason, verdict
    bounds.py     Clopper-Pearson bounds for sampled shares
    report.py     JSON and HTML report

A stage package: imports outbound.common only. The spot check's order of stages lives in
outbound/spot_check.py.
"""

from outbound.expectations.filing import Filing, FilingError, load_filing

__all__ = ["Filing", "FilingError", "load_filing"]
