"""Moving records in and out: export bundles and import, Markdown notes import."""
