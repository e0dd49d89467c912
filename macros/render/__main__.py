"""`python -m macros.render`: write the pages made from the data into docs/ (before `zensical build`, which lists the
pages before it runs the macros; MkDocs' glue and `make check` write them themselves). See generated_pages.py."""

from .generated_pages import main

raise SystemExit(main())
