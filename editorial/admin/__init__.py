"""The newsroom's admin, one module per part of the record; importing this package registers them all."""

from . import articles, contributors, corrections, issues, markers, publications  # noqa: F401
