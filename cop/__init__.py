"""cop: a shared, plain-text knowledge repo for communities of practice.

Kept import-free on purpose: every `cop` command pays for what this module imports.
"""

__version__ = "0.1.0"
FORMAT_VERSION = 1
