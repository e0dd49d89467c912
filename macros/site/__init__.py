"""Steps on the built site, whatever engine built it: search index, social image and icon, robots.txt, PDFs,
the offline copy.

`python -m macros.site SITE_DIR` runs them (macros/site/__main__.py); the Makefile calls it after the build.
"""
