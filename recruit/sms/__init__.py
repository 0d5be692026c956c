"""Text messages to young people: day-before reminders, moved interviews, opened times."""
