"""``sitrep serve``: the analyst's workbench — a REST API under ``/api/v1``
and a page (map, timeline, filters, table, evidence, corrections) over the
store, through ``sitrep.browse`` and ``sitrep.api``."""

from sitrep.web.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
