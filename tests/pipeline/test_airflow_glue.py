"""Errors → task states: Terminal fails at once (no retry), Transient is left for Airflow to retry."""

from __future__ import annotations

import pytest
from airflow.sdk.exceptions import AirflowFailException

from outbound.common.errors import Terminal, Transient, WarehouseBusy
from outbound.pipeline.airflow_glue import retry_args, task_errors


def test_when_a_task_meets_a_terminal_error_then_it_fails_without_retry_naming_the_object():
    expected = pytest.raises(AirflowFailException, match="nightly scan settings: zone folder /z does not exist")
    with expected, task_errors("nightly scan settings"):
        raise Terminal("zone folder /z does not exist")


@pytest.mark.parametrize("error", [Transient("network hiccup"), WarehouseBusy("/w.duckdb")])
def test_when_a_task_meets_a_transient_error_then_it_is_raised_as_is_for_a_retry(error):
    with pytest.raises(type(error)), task_errors("scan of co"):
        raise error


def test_when_a_dag_takes_the_defaults_then_retries_back_off_and_time_out():
    args = retry_args()
    assert args["retries"] >= 1 and args["retry_exponential_backoff"] is True
    assert args["execution_timeout"].total_seconds() > 0 and args["max_retry_delay"] >= args["retry_delay"]
