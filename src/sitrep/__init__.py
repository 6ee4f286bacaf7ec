"""sitrep: conflict reporting to sourced, geolocated ACLED-style event data."""

__version__ = "0.1.0"
