"""What happens to one interview after publishing: confirm, decline, cancel, self-booking and
counsellor booking, the notices they send, and the outcome employers record."""
