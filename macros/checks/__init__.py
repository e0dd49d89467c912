"""The editor check (make check / make fix): pages, macro calls, links, markup in data, typography."""
