"""Export executed notebooks as self-contained offline lecture files (the nbconvert part).

Usage: python export.py OUT_DIR NOTEBOOK.ipynb [NOTEBOOK.ipynb ...]
Writes OUT_DIR/<name>.html (page) and OUT_DIR/<name>.slides.html (reveal.js deck) per
notebook and prints one JSON line per file written. reveal.js and the workbook's stylesheet
are inlined by the templates in templates/. Formulas are still TeX here: scripts/export.mjs
runs this, then typesets them (scripts/lectures/finish.mjs).
"""
import json
import pathlib
import re
import sys

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.preprocessors import TagRemovePreprocessor

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES = ROOT / "node_modules"
TEMPLATES = ROOT / "templates"
# A cell tagged so shows only its output in the deck (the page keeps its code).
SLIDES_HIDE_INPUT = "slides-hide-input"


def read(relative: str) -> str:
    return (MODULES / relative).read_text(encoding="utf-8")


def offline_resources() -> dict:
    theme = read("reveal.js/dist/theme/white.css")
    # The theme imports a web font by URL; the lecture falls back to system fonts instead.
    theme = re.sub(r"@import url\([^)]*\);", "", theme)
    return {
        "workbook_css": (TEMPLATES / "shared" / "workbook.css").read_text(encoding="utf-8"),
        "reveal_css": read("reveal.js/dist/reveal.css"),
        "reveal_theme_css": theme,
        "reveal_js": read("reveal.js/dist/reveal.js"),
        "reveal_notes_js": read("reveal.js/plugin/notes/notes.js"),
    }


def export(out_dir: pathlib.Path, notebook: pathlib.Path, offline: dict, pdf: bool) -> list:
    nb = nbformat.read(str(notebook), as_version=4)
    name = notebook.stem
    title = nb.metadata.get("optim_workbook", {}).get("title", name)
    nb.metadata["title"] = title
    written = []
    for exporter_class, suffix, template in (
        (HTMLExporter, ".html", "offline-page"),
        (SlidesExporter, ".slides.html", "offline-slides"),
    ):
        exporter = exporter_class(extra_template_basedirs=[str(TEMPLATES)], extra_template_paths=[str(TEMPLATES)], template_name=template)
        if exporter_class is SlidesExporter:
            exporter.register_preprocessor(TagRemovePreprocessor(remove_input_tags={SLIDES_HIDE_INPUT}), enabled=True)
        resources = {
            "metadata": {"name": name},
            "offline": {**offline, "slides_href": f"{name}.slides.html", "pdf_href": f"{name}.pdf" if pdf else ""},
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        target = out_dir / f"{name}{suffix}"
        target.write_text(body, encoding="utf-8")
        written.append({"notebook": name, "kind": "slides" if exporter_class is SlidesExporter else "page",
                        "file": target.name, "title": title})
    return written


def main(argv: list) -> int:
    args = [a for a in argv[1:] if a != "--pdf"]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = pathlib.Path(args[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    offline = offline_resources()
    for path in args[1:]:
        for entry in export(out_dir, pathlib.Path(path), offline, "--pdf" in argv):
            print(json.dumps(entry), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
