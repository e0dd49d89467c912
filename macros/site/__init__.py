"""Steps on the built site: search index, social images, theme stylesheets, PDF handouts, the offline copy."""
