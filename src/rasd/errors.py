"""Errors a user can act on: they are printed as one line, never as a traceback."""


class RasdError(Exception):
    """Base class of the errors rasd reports to its user."""


class InputError(RasdError):
    """An article rasd cannot read (empty, binary, not Arabic, undecodable, too long)."""
