"""What people read: each command's console output and JSON shapes, obligations, alerts, run
summaries. Counts, rule ids and masks only; the data is passed in, no other stage is imported."""
