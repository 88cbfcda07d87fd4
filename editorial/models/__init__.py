"""The newsroom's own records (one module per concept); each module's models are imported here."""

from .publishing import PublicationEvent  # noqa: F401
