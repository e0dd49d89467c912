"""Rendering: the Jinja partials and what Python hands them (pages, charts, statistics, handouts, page facts)."""
