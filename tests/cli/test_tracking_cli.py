"""`policyviewer add URL`, `check`, `tracked`, `untrack` against a local server on 127.0.0.1."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database
from web_server import CHROME_WORDS, LocalSite, closed_port_url, default_sections, policy_page

from policyviewer.cli import main
from policyviewer.core.extract import extract_policy
from policyviewer.core.library import Library
from policyviewer.core.library.schema import migrations
from policyviewer.core.library.tracking import get_tracked, mark_seen, track, tracked_policies
from policyviewer.core.normalize import fold_noise
from policyviewer.core.tracker import add_from_url


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def text_of(page: str) -> str:
    return extract_policy(page.encode(), "https://acme.test/privacy").doc.text


def changed_sections(**edits: str) -> dict[str, str]:
    sections = default_sections()
    sections.update(edits)
    return sections


def test_add_url_stores_the_policy_text_with_its_url_and_tracks_it(db_path, site, capsys) -> None:
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"added: {url}: version 1 of Acme") and "tracked" in out
    with Library.open(db_path) as lib:
        (v,) = lib.versions("Acme")
        assert v.source == url and v.source_format == "html"
        assert v.effective_date == "2024-05-01" and len(v.imported_at) > 10
        text = lib.document(v).text
        assert "We never sell your personal data." in text
        assert not any(chrome in text for chrome in CHROME_WORDS)
        tracked = get_tracked(lib, "Acme")
        assert tracked is not None and tracked.url == url and tracked.selector is None


def test_add_url_names_the_policy_after_the_page_and_site(db_path, site, capsys) -> None:
    url = site.serve("/privacy", policy_page("Globex"))
    assert run(db_path, "add", url, "--date", "2024-05-02") == 0
    with Library.open(db_path) as lib:
        assert [p.name for p in lib.policies()] == ["Globex Privacy Policy (127.0.0.1)"]
        assert lib.version("Globex Privacy Policy (127.0.0.1)").date == "2024-05-02"


def test_check_adds_a_version_only_when_the_text_really_changed(db_path, site, capsys) -> None:
    first = policy_page()
    # Same words, with a non-breaking space and a line break: noise, not a change.
    noisy = first.replace("30 days", "30&nbsp;days")
    noisy = noisy.replace("as long as your account", "as long as your<br>\n account")
    assert fold_noise(text_of(noisy)) == fold_noise(text_of(first)) != text_of(noisy)
    changed = policy_page(sections=changed_sections(**{
        "4. Retention": "We keep account data for as long as your account is open and delete "
        "it within 2 years after you close your account, unless the law requires us to keep it.",
        "5. Children": "Our service is not meant for children under 13 and we do not knowingly "
        "collect their personal data.",
    }))
    url = site.serve("/privacy", first, noisy, changed)
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    capsys.readouterr()

    assert run(db_path, "check", "Acme") == 0
    out = capsys.readouterr().out
    assert out.startswith("unchanged: Acme: same text as version 1")

    assert run(db_path, "check", "Acme") == 0
    out = capsys.readouterr().out
    assert out.startswith("changed: Acme: version 2")
    assert "sections: 1 modified, 1 added (Retention, Children)" in out and "+" in out

    with Library.open(db_path) as lib:
        versions = lib.versions("Acme")
        assert len(versions) == 2 and "within 2 years" in lib.document(versions[1]).text
        tracked = get_tracked(lib, "Acme")
        assert tracked.status == "changed" and tracked.unseen_change
        mark_seen(lib, "Acme")
        assert not get_tracked(lib, "Acme").unseen_change
    assert site.paths_requested() == ["/privacy"] * 3


def test_check_json_reports_each_policy_and_errors_do_not_stop_the_others(
    db_path, site, capsys
) -> None:
    good = site.serve("/good", policy_page("Good"), policy_page("Good", updated="June 2, 2024"))
    flaky = site.serve("/flaky", policy_page("Flaky"))
    assert run(db_path, "add", good, "--policy", "Good") == 0
    assert run(db_path, "add", flaky, "--policy", "Flaky") == 0
    site.serve("/flaky", "<h1>Internal error</h1>", status=500)
    capsys.readouterr()
    assert run(db_path, "check", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["library"]["ok"] is True
    by_name = {p["policy"]: p for p in report["policies"]}
    assert by_name["Flaky"]["status"] == "error" and "HTTP error 500" in by_name["Flaky"]["message"]
    assert by_name["Good"]["status"] == "changed" and by_name["Good"]["version"] == 2
    with Library.open(db_path) as lib:  # the failure lost nothing and added nothing
        assert len(lib.versions("Flaky")) == 1
        assert get_tracked(lib, "Flaky").status == "error"


def test_network_errors_are_reported_per_policy_with_a_failing_exit(db_path, site, capsys) -> None:
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    with Library.open(db_path) as lib:
        track(lib, "Acme", closed_port_url())
    capsys.readouterr()
    assert run(db_path, "check", "Acme") == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("error: Acme: ") and "connection refused" in captured.out
    site.serve("/privacy", "<html><body><p>Please sign in.</p></body></html>")
    with Library.open(db_path) as lib:
        track(lib, "Acme", url)
    assert run(db_path, "check", "Acme") == 1
    assert "does not look like a policy" in capsys.readouterr().out
    with Library.open(db_path) as lib:
        assert len(lib.versions("Acme")) == 1


def test_add_url_failures_store_nothing(db_path, site, capsys) -> None:
    site.serve("/gone", "<h1>Gone</h1>", status=404)
    assert run(db_path, "add", site.url("/gone"), "--policy", "Acme") == 1
    assert "HTTP error 404" in capsys.readouterr().err
    assert run(db_path, "add", closed_port_url(), "--policy", "Acme") == 1
    assert "connection refused" in capsys.readouterr().err
    with Library.open(db_path) as lib:
        assert lib.policies() == [] and tracked_policies(lib) == []


def test_selector_is_stored_with_the_policy_and_used_by_check(db_path, site, capsys) -> None:
    page = policy_page().replace("<article>", '<article class="legal-text">')
    url = site.serve("/privacy", page, page.replace("30 days", "90 days"))
    assert run(db_path, "add", url, "--policy", "Acme", "--selector", "article.legal-text") == 0
    assert "selector extraction" in capsys.readouterr().out
    assert run(db_path, "tracked") == 0
    assert "[selector article.legal-text]" in capsys.readouterr().out
    assert run(db_path, "check", "Acme") == 0
    assert "changed: Acme" in capsys.readouterr().out
    site.serve("/privacy", page.replace("legal-text", "redesigned"))
    assert run(db_path, "check", "Acme") == 1
    assert "matches nothing" in capsys.readouterr().out
    assert run(db_path, "add", url, "--policy", "X", "--selector", "div[") == 1
    assert "invalid CSS selector" in capsys.readouterr().err


def test_check_without_tracked_policies_only_verifies_and_fetches_nothing(
    db_path, site, capsys
) -> None:
    assert run(db_path, "samples") == 0
    capsys.readouterr()
    assert run(db_path, "check") == 0
    assert capsys.readouterr().out.startswith("ok:")
    assert site.requests == []
    assert run(db_path, "check", "Mozilla") == 1
    assert "is not tracked" in capsys.readouterr().err


def test_check_offline_verifies_without_fetching(db_path, site, capsys) -> None:
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    assert run(db_path, "check", "--offline") == 0
    assert site.paths_requested() == ["/privacy"]


def test_untrack_keeps_the_versions_and_removing_a_policy_removes_its_tracking(
    db_path, site, capsys
) -> None:
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    assert run(db_path, "add", url, "--policy", "Beta") == 0
    assert run(db_path, "untrack", "Acme") == 0
    assert run(db_path, "untrack", "Acme") == 1
    assert run(db_path, "remove", "Beta", "--yes") == 0
    with Library.open(db_path) as lib:
        assert tracked_policies(lib) == [] and len(lib.versions("Acme")) == 1


def test_libraries_from_before_tracking_upgrade_cleanly(db_path, site, capsys) -> None:
    db = Database(sqlite3.connect(db_path))
    migrations.apply(db, stop_before="003_tracking")
    db.execute(
        "INSERT INTO policies (name, created_at) VALUES ('Old', '2024-01-01T00:00:00+00:00')"
    )
    db.conn.commit()
    db.close()
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", url, "--policy", "Acme") == 0
    with Library.open(db_path) as lib:
        assert {p.name for p in lib.policies()} == {"Old", "Acme"}
        assert [t.policy_name for t in tracked_policies(lib)] == ["Acme"]
        assert lib.verify() == []


def test_add_mixes_files_and_urls(db_path, site, tmp_path, capsys) -> None:
    old = tmp_path / "acme-2023.html"
    old.write_text(policy_page(updated="March 3, 2023").replace("30 days", "10 days"))
    url = site.serve("/privacy", policy_page())
    assert run(db_path, "add", str(old), url, "--policy", "Acme") == 0
    out = capsys.readouterr().out
    assert f"added: {old}" in out and f"added: {url}" in out
    with Library.open(db_path) as lib:
        assert [v.source for v in lib.versions("Acme")] == [str(old.resolve()), url]
        assert get_tracked(lib, "Acme").url == url


def test_check_reports_progress_in_order_and_stops_when_cancelled(db_path, site) -> None:
    from policyviewer.core.tracker import check_policies

    names = ["A", "B", "C", "D", "E"]
    with Library.open(db_path) as lib:
        for name in names:
            url = site.serve(f"/{name}", policy_page(name))
            add_from_url(lib, url, policy=name)
        seen: list[tuple[int, int, str]] = []
        results = check_policies(lib, (), lib.config, progress=lambda *a: seen.append(a))
        assert [r.policy for r in results] == names
        assert seen == [(i, 5, n) for i, n in enumerate(names)] + [(5, 5, "")]
        started: list[str] = []
        stop_after_two = check_policies(
            lib, (), lib.config, progress=lambda _d, _t, name: started.append(name),
            cancelled=lambda: len(started) >= 2,
        )
        assert [r.policy for r in stop_after_two] == ["A", "B"]
