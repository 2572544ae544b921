"""The package build compiles the translations (locale/*/LC_MESSAGES/messages.po -> .mo): compiled catalogs are
build output, never committed. Everything else about the package is in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE = Path("bot") / "i18n" / "locale"


def compile_catalogs(source: Path, target: Path) -> list[str]:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(source.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as text:
            catalog = read_po(text, locale=po.parts[-3])
        mo = target / po.relative_to(source).with_suffix(".mo")
        mo.parent.mkdir(parents=True, exist_ok=True)
        with mo.open("wb") as compiled:
            write_mo(compiled, catalog)  # fuzzy entries are left out, as the tests require there are none
        written.append(str(mo))
    return written


class BuildWithCatalogs(build_py):
    """A wheel gets the .mo files in its build directory; an editable install (`pip install -e .`) runs the
    package from the source tree, so they are written beside their .po there."""

    def run(self) -> None:
        super().run()
        target = LOCALE if self.editable_mode else Path(self.build_lib) / LOCALE
        self._catalogs = compile_catalogs(LOCALE, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:  # type: ignore[override]
        return [*super().get_outputs(include_bytecode), *getattr(self, "_catalogs", [])]


setup(cmdclass={"build_py": BuildWithCatalogs})
