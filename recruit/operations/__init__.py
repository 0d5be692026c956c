"""Business actions (Indico's operations.py): plain functions that take models and data,
change the session, write audit entries and flush. Callers commit."""
