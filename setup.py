"""Package list for setuptools; everything else is in pyproject.toml.

``resources/`` is shipped as the data package ``policyviewer.resources`` (see
``[tool.setuptools.package-dir]``). pyproject.toml's ``packages.find`` cannot add a
package that lives outside the ``policyviewer/`` folder, so the list is built here.
"""

from setuptools import find_namespace_packages, setup

# Its sub-folders are listed too, so setuptools does not warn about "importable" folders
# it was not told about; their files come from the ``**/*`` package-data glob.
RESOURCE_PACKAGES = [
    "policyviewer.resources",
    *(f"policyviewer.resources.{name}" for name in find_namespace_packages(where="resources")),
]

setup(
    packages=[
        *find_namespace_packages(include=["policyviewer", "policyviewer.*"]),
        *RESOURCE_PACKAGES,
    ]
)
