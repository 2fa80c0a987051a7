"""Export on disk: the bundle file format and the static HTML site."""
