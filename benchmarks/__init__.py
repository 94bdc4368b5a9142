"""`make bench`: time the project's build against the notebook workflow it replaces.

The peer is the same lesson written as two Jupyter notebooks (Chinese and English), built
by mkdocs-jupyter with `execute: true`, each language by its own `mkdocs build`, from a
venv of its own (benchmarks/.peer-venv, made once and reused).
"""
