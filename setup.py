"""Build script: compiles the Cython extensions.

Every compiled module has a pure-Python twin (``_ber`` / ``_ber_pure`` and so
on).  Set ``X400FAST_PURE=1`` at build time to skip the extensions entirely;
the package then runs on the twins.
"""
import os
import sys

from setuptools import Extension, setup

EXTENSIONS = ["_ber", "_framing"]


def extensions():
    if os.environ.get("X400FAST_PURE") or sys.implementation.name != "cpython":
        return []
    here = os.path.dirname(os.path.abspath(__file__))
    found = [name for name in EXTENSIONS
             if os.path.exists(os.path.join(here, "src", "x400fast", name + ".pyx"))]
    if not found:
        return []
    from Cython.Build import cythonize

    exts = [Extension("x400fast." + name, ["src/x400fast/%s.pyx" % name])
            for name in found]
    return cythonize(
        exts,
        language_level=3,
        compiler_directives={
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
            "embedsignature": True,
        },
    )


setup(ext_modules=extensions())
