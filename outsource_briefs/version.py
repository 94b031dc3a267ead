"""The version of outsource_briefs, in one place: the package, its metadata and every brief's
provenance read it from here."""

__version__ = "0.1.0"
