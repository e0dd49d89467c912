"""Reading the files staff edit: text, YAML, CSV, schemas, the report, glossary, reading lists (推荐书目), policies, mkdocs.yml."""
