"""Render check_frame's notebook report in headless Chromium, in a light and a dark notebook theme.

    PYTHONPATH=$PWD python docs/frames/render_report.py        # writes docs/frames/report-{light,dark}.png

The report comes from docs/frames/example.py's frame (the seed schema, 5 % invalid
rows of every kind); each theme's page wraps it the way JupyterLab does
(``body[data-jp-theme-light]``).  Needs ``chromium`` (Debian package) and pandas.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from example import example_report  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>report</title></head>
<body data-jp-theme-light="{light}" style="margin:0;padding:18px 22px;background:{background}">
{report}</body></html>"""

THEMES = {"light": ("true", "#ffffff"), "dark": ("false", "#111418")}


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("chromium not found: apt-get install -y chromium")


def screenshot(page: pathlib.Path, png: pathlib.Path, size: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
             f"--user-data-dir={profile}", f"--window-size={size}", f"--screenshot={png}", page.as_uri()],
            check=True, capture_output=True, timeout=120)


def main() -> None:
    markup = example_report()._repr_html_()
    with tempfile.TemporaryDirectory() as work:
        for theme, (light, background) in THEMES.items():
            page = pathlib.Path(work) / f"{theme}.html"
            page.write_text(PAGE.format(light=light, background=background, report=markup), encoding="utf-8")
            png = HERE / f"report-{theme}.png"
            screenshot(page, png, "1000,820")
            print(f"wrote {png.relative_to(HERE.parent.parent)}")


if __name__ == "__main__":
    main()
