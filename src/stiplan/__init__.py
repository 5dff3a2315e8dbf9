"""stiplan: track a science, technology and innovation plan kept as YAML files in git.

The library is the product; `stiplan.cli` is a thin shell over it. Importing this package is
deliberately cheap (no pydantic, no YAML, no rich) so that `stiplan --help` starts fast.
"""

__version__ = "0.1.0"
