"""DuckDB warehouse: exports, column labels, keyed person identifiers, yearly counts, alerts.

Receives only labels, counts and keyed hashes (see outbound.identifiers); never raw values.
"""

from outbound.warehouse.persons import yearly_counts
from outbound.warehouse.store import (
    Warehouse,
    default_warehouse_path,
    open_warehouse,
)

# Light on purpose: `outbound persons` imports this and should not pay for the rules or numpy.
__all__ = ["Warehouse", "default_warehouse_path", "open_warehouse", "yearly_counts"]
