"""Settings for the Täsmärekry service (see `settings.Config`)."""

from config.settings import Config

__all__ = ["Config"]
