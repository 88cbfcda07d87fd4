"""The newsroom's admin, one module per part of the record; importing this package registers them all."""

from . import articles, contributors, corrections, imports, issues, markers, publications, tags  # noqa: F401
