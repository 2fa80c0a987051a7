"""Record files: the codec (bytes <-> records), byte-stable YAML, where each record lives, atomic writes."""
