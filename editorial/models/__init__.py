"""The newsroom's own records (one module per concept); each module's models are imported here."""

from .terms import TermFrequency, TermSample  # noqa: F401
