"""`python -m macros.checks`: the editor check that `make check` and `make fix` run."""

from .run import main

raise SystemExit(main())
