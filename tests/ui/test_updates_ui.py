"""Check for Updates in the real window, against a local server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QProgressDialog
from web_server import LocalSite, closed_port_url, default_sections, policy_page

from policyviewer.core.library import Library
from policyviewer.core.library.tracking import get_tracked, track
from policyviewer.core.tracker import add_from_url
from policyviewer.ui.updates import UPDATED


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def changed_page() -> str:
    sections = default_sections()
    sections["3. Sharing"] = (
        "We may sell your personal data to advertising partners. We share it with service "
        "providers that process payments and host our servers on our behalf."
    )
    return policy_page(sections=sections)


def tracked_library(db: Path, site: LocalSite, *pages: str) -> None:
    url = site.serve("/privacy", *pages)
    with Library.open(db) as lib:
        add_from_url(lib, url, policy="Acme")
        lib.add_version("Offline", lib.document(lib.version("Acme")), source="file.txt")


def policy_row(window, name: str):
    return next(n for n in window.library_model.root().children if n.payload.name == name)


def test_check_for_updates_stores_the_change_shows_progress_and_badges_the_policy(
    make_window, qtbot, site, db_path
) -> None:
    tracked_library(db_path, site, policy_page(), changed_page())
    window = make_window(db_path)
    updates = window.updates
    assert updates.action in window.toolbar.actions()
    file_menu = next(a.menu() for a in window.menuBar().actions() if "File" in a.text())
    assert updates.action in file_menu.actions()
    labels: list[str] = []
    updates._signals.progress.connect(lambda done, total, name: labels.append(
        updates.dialog.labelText() if updates.dialog else ""))
    with qtbot.waitSignal(updates.finished, timeout=30000) as finished:
        updates.action.trigger()
        assert isinstance(updates.dialog, QProgressDialog) and not updates.action.isEnabled()
    (result,) = finished.args[0]
    assert result.status == "changed" and result.version.number == 2
    assert "Checking Acme" in labels[0]
    assert updates.dialog is None and updates.action.isEnabled()
    # The new version is in the tree, the policy carries the badge, the message says so.
    acme = policy_row(window, "Acme")
    assert len(acme.children) == 2 and UPDATED in acme.badges
    assert UPDATED not in policy_row(window, "Offline").badges
    assert "Acme changed" in window.message_bar.text()
    # Opening the policy clears its badge, for good.
    window.select_version(acme.payload.id, 1)
    assert UPDATED not in policy_row(window, "Acme").badges
    with Library.open(db_path) as lib:
        assert not get_tracked(lib, "Acme").unseen_change
    window.refresh_library()
    assert UPDATED not in policy_row(window, "Acme").badges


def test_unchanged_and_failing_checks_add_nothing_and_say_why(
    make_window, qtbot, site, db_path
) -> None:
    tracked_library(db_path, site, policy_page())
    with Library.open(db_path) as lib:
        track(lib, "Offline", closed_port_url())
    window = make_window(db_path)
    with qtbot.waitSignal(window.updates.finished, timeout=30000) as finished:
        window.updates.check()
    statuses = {r.policy: r.status for r in finished.args[0]}
    assert statuses == {"Acme": "unchanged", "Offline": "error"}
    text = window.message_bar.text()
    assert "connection refused" in text and "no changes" in text
    assert [len(n.children) for n in window.library_model.root().children] == [1, 1]
    assert not any(n.badges for n in window.library_model.root().children)


def test_without_tracked_policies_nothing_is_fetched(make_window, qtbot, site, db_path) -> None:
    with Library.open(db_path) as lib:
        lib.add_version("Acme", lib_doc(), source="acme.txt")
    window = make_window(db_path)
    assert window.updates.check() is False
    text = window.message_bar.text()
    assert "No policy is tracked" in text and site.requests == []


def lib_doc():
    from policyviewer.core.importers import load_bytes

    return load_bytes(policy_page(chrome=False).encode(), "acme.html")


def test_add_from_web_address_stores_and_tracks_the_page(make_window, qtbot, site, db_path):
    url = site.serve("/privacy", policy_page("Globex"))
    window = make_window(db_path)
    assert window.updates.add_url("not a url") is False
    assert "not a web address" in window.message_bar.text()
    with qtbot.waitSignal(window.updates.added, timeout=30000) as added:
        assert window.updates.add_url(url)
    result = added.args[0]
    assert result.created and result.version.source == url
    assert [v.label for v in window.selected_versions()] == [result.version.label]
    assert "Check for Updates" in window.message_bar.text()
    with Library.open(db_path) as lib:
        assert get_tracked(lib, result.policy.name).url == url
    with qtbot.waitSignal(window.updates.added, timeout=30000) as failed:
        window.updates.add_url(closed_port_url())
    assert failed.args[0] is None and "connection refused" in window.message_bar.text()
