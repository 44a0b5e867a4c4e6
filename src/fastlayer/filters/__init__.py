"""What is reported: rule selection, inline suppressions and the baseline."""
