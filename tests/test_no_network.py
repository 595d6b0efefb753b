"""No network traffic unless the user asks for it (issue 8, issue 10).

Every PolicyViewer module is imported and the everyday work (import, outline,
compare, summary, library, the real window) is done with Python's sockets
refusing every internet connection and name lookup. A hostile HTML policy whose
images, scripts, stylesheets, fonts and frames all point at a local server on
127.0.0.1 is imported and shown in the window; the server sees no request for
any of them. Only ``add URL`` (and ``check``) fetch, and only the page asked for.
"""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import socket
from pathlib import Path

import pytest
from web_server import LocalSite, policy_page

import policyviewer
from policyviewer.cli import main
from policyviewer.core.compare import compare_documents
from policyviewer.core.importers import load_bytes, load_file
from policyviewer.core.library import Library
from policyviewer.core.outline import outline_of
from policyviewer.core.report import render_report

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "resources" / "samples").glob("*.txt"))
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def guard_network(monkeypatch) -> list[object]:
    """Refuse (and record) every TCP/UDP connection and DNS lookup made through Python."""
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def connect(self, address):
        if self.family in _INTERNET:
            attempts.append(("connect", address))
            raise ConnectionRefusedError("network disabled in this test")
        return real_connect(self, address)

    def connect_ex(self, address):
        if self.family in _INTERNET:
            attempts.append(("connect_ex", address))
            return 111
        return real_connect_ex(self, address)

    def lookup(host, *args, **kwargs):
        attempts.append(("getaddrinfo", host))
        raise socket.gaierror("name lookups disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "gethostbyname", lookup)
    return attempts


@pytest.fixture
def no_network(monkeypatch) -> list[object]:
    return guard_network(monkeypatch)


def hostile_page(site: LocalSite) -> str:
    """A policy page whose every resource points at the local server."""
    u = site.url
    head = (
        f'<link rel="stylesheet" href="{u("/style.css")}">'
        f'<link rel="preload" href="{u("/font.woff2")}" as="font">'
        f'<link rel="icon" href="{u("/favicon.ico")}">'
        f'<script src="{u("/tracker.js")}"></script>'
        f"<script>fetch('{u('/beacon')}'); document.write('<b>injected</b>');</script>"
        f"<style>@import url('{u('/imported.css')}'); body {{ background: url('{u('/bg.png')}') }}"
        f"@font-face {{ font-family: X; src: url('{u('/font2.woff')}') }}</style>"
        f'<meta http-equiv="refresh" content="0; url={u("/refresh")}">'
    )
    page = policy_page(extra_head=head)
    body_extras = (
        f'<p>We use a pixel <img src="{u("/pixel.gif")}" width="1" height="1" '
        f'srcset="{u("/pixel2x.gif")} 2x"> to measure visits to our privacy pages.</p>'
        f'<iframe src="{u("/frame.html")}"></iframe>'
        f'<object data="{u("/object.swf")}"></object><embed src="{u("/embed.swf")}">'
        f'<video poster="{u("/poster.jpg")}" src="{u("/video.mp4")}"></video>'
        f'<svg><image href="{u("/svg-image.png")}"/></svg>'
        f'<p style="background-image: url({u("/inline.png")})">Contact privacy@acme.test.</p>'
        f'<a href="{u("/link-target")}">Read our cookie notice</a>'
    )
    return page.replace("</article>", body_extras + "</article>")


def test_every_module_imports_and_everyday_work_makes_no_connection(
    no_network, tmp_path
) -> None:
    for module in pkgutil.walk_packages(policyviewer.__path__, "policyviewer."):
        if module.name != "policyviewer.__main__":  # that one runs the CLI
            importlib.import_module(module.name)
    docs = [load_file(path) for path in SEEDS]
    for old, new in itertools.pairwise(docs):
        outline_of(new)
        cmp = compare_documents(old, new)
        for fmt in ("text", "markdown", "html"):
            assert render_report(cmp, fmt)
    with Library.open(tmp_path / "library.sqlite") as lib:
        for path, doc in zip(SEEDS, docs, strict=True):
            lib.add_version(path.stem, doc, source=str(path))
    assert main(["--db", str(tmp_path / "library.sqlite"), "list"]) == 0
    assert main(["--db", str(tmp_path / "library.sqlite"), "check", "--offline"]) == 0
    assert no_network == []


def test_the_guard_itself_catches_a_connection(no_network) -> None:
    from policyviewer.core.errors import FetchFailed
    from policyviewer.core.fetch import fetch

    with pytest.raises(FetchFailed):
        fetch("http://example.org/privacy")
    assert no_network and no_network[0][0] in ("getaddrinfo", "connect")


def test_a_hostile_html_policy_is_imported_and_shown_without_fetching_anything(
    qtbot, tmp_path, monkeypatch
) -> None:
    from policyviewer.ui import compute, create_main_window

    db = tmp_path / "library.sqlite"
    with LocalSite() as site:
        page = hostile_page(site)
        url = site.serve("/policy", page)
        # The one request the user asked for: fetching the page itself.
        assert main(["--db", str(db), "add", url, "--policy", "Hostile"]) == 0
        assert site.paths_requested() == ["/policy"]
        html_file = tmp_path / "hostile.html"
        html_file.write_text(page.replace("30 days", "90 days"), encoding="utf-8")

        # From here on nothing may connect: Python sockets refuse, and the server,
        # which every resource of the page points at, must see no request.
        attempts = guard_network(monkeypatch)
        monkeypatch.setattr(compute, "_disabled", True)  # work in-process, under the guard
        doc = load_bytes(page.encode(), "hostile.html")
        assert "injected" not in doc.text and "We never sell your personal data." in doc.text
        window = create_main_window(db, settings_path=tmp_path / "settings.ini")
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        policy = window.library.get_policy("Hostile")
        assert window.select_version(policy.id, None)
        with qtbot.waitSignal(window.libraryChanged, timeout=20000):
            window.add_files([html_file])  # imported by the window, as a drop would
        first, second = window.library.versions("Hostile")
        assert first.source == str(html_file)

        def showing(new, old) -> bool:
            view = window.view
            return (view is not None and view.new.id == new.id
                    and (view.old.id if view.old else None) == (old.id if old else None))

        # Dated before the fetched version, the import is shown compared with it.
        qtbot.waitUntil(lambda: showing(second, first), timeout=20000)
        window.show_versions(first, None)
        qtbot.waitUntil(lambda: showing(first, None)
                        and "We never sell your personal data." in window.reader.toPlainText(),
                        timeout=20000)
        qtbot.wait(300)  # give any stray loader the time to try
        window.runner.wait()
        window.library.close()
        assert site.paths_requested() == ["/policy"]
        assert attempts == []
