"""Case files: YAML read with line numbers, the schema, located messages, the factor library,
and new variant files written from the explorer.

May import: `nyttonb.core`, `nyttonb.errors`, `nyttonb.atomic`, the standard library, ruamel.yaml,
PyYAML and pydantic. Never `present`, `notebook` or `batch`.
"""
