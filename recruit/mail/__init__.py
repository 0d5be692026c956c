"""E-mail: the transactional outbox, the sender and its SMTP transport, every message's
rendering, reminders and requests, the staff E-mail tab and the mail commands."""
