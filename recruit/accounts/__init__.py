"""Staff accounts managed in the app: roles, invitations, password resets by e-mail, the
coordinators of each event, and the admins' audit-log page.

Admin pages live on `staff.bp` (`views.py`, `audit_views.py`); the pages reached from an
e-mail (set a password, ask for a reset) on `auth.bp` (`password_views.py`).
"""
