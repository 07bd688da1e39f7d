"""Alerts and reports. Carry counts, rule ids and masks only."""
