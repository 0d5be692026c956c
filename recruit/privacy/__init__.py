"""Personal data under control: retention (the purge), a young person's own data and its
erasure, and the outbox's share of both."""
