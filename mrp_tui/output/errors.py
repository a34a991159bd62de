"""Errors of the print path that the CLI reports as bad input: apart from the renderers, so a
renderer can raise one without importing the module that chooses the renderer."""

from __future__ import annotations


class AddressError(ValueError):
    """A --to or --from value that is not a usable email address."""
