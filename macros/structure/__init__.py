"""The site map (site_map.py): every kind of content, its pages, addresses and dependencies."""
