"""growpath: coaching and mentoring programs for technology organisations."""

__version__ = "0.1.0"
