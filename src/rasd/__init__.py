"""rasd (رصد): Arabic news reports to sourced, dated, geolocated event records."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rasd")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0"
