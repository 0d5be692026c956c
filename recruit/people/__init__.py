"""Employers and young people: staff manage them here; the public sign-ups and the
employer's private link are operations of this feature too."""
