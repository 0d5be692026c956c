"""The foundation every feature uses: forms and fields, validators, languages and formats,
the audit trail, private links, background jobs, logging, health checks, the foundation's
commands and the staff blueprint with its login guard."""
