"""Packages to install: the analyzer tree plus `analyzer._models`, which pyproject maps to the models/ folder.

pyproject's `packages.find` cannot list a package that exists only as a package-dir mapping, so the
models were left out of wheels; this keeps discovery automatic for new subpackages.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["analyzer", "analyzer.*"]), "analyzer._models"])
