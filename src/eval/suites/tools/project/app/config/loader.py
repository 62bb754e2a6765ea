"""Reads the app's settings file."""
from app.config.defaults import DEFAULTS


def parse_config(text):
    """Parse `key = value` lines over the defaults; blank lines and # comments are skipped."""
    config = dict(DEFAULTS)
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        config[key.strip()] = value.strip()
    return config
