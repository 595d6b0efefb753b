"""Packaging and desktop integration: the wheel, the desktop files, the icons, the spec.

The wheel is built once per run (about 5 s) from a copy of the source. Two slow checks
run only on request:
  POLICYVIEWER_TEST_VENV=1    install the wheel into a fresh venv (downloads the deps)
  POLICYVIEWER_TEST_BUNDLE=1  build the PyInstaller bundle with packaging/build.sh (~2 min)
"""

from __future__ import annotations

import ast
import configparser
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

import policyviewer
from policyviewer.app_icon import ICON_SIZES, app_icon_path, app_icon_png, app_icon_pngs

REPO = Path(__file__).resolve().parent.parent
PACKAGING = REPO / "packaging"
RESOURCES = REPO / "resources"
ICONS = RESOURCES / "icons"
APP_ID = "io.github.policyviewer.PolicyViewer"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
SEEDS = sorted((RESOURCES / "samples").glob("*.txt"))
# The formats the importers read (issue 9: text, Markdown, HTML, PDF, DOCX).
MIME_TYPES = {
    "text/plain",
    "text/markdown",
    "text/html",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _project_files(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _run(cmd: list, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(c) for c in cmd], capture_output=True, text=True, timeout=timeout, **kwargs
    )


# --- the wheel ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built by pip from a clean copy of the source tree (no build/ leftovers)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for name in ("policyviewer", "resources"):
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    result = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, src])
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("policyviewer-*.whl")
    return built


def test_wheel_ships_every_resource_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "policyviewer/resources/" + p.relative_to(RESOURCES).as_posix()
        for p in _project_files(RESOURCES)
    }
    assert expected - names == set()
    # The kinds of files the app needs at run time, so an emptied resources/ fails too.
    assert any(n.startswith("policyviewer/resources/themes/") for n in names)
    assert "policyviewer/resources/icons/policyviewer.svg" in names
    assert "policyviewer/resources/icons/policyviewer.ico" in names
    assert "policyviewer/resources/samples/ATTRIBUTION.md" in names
    assert {f"policyviewer/resources/samples/{p.name}" for p in SEEDS} <= names
    assert len(SEEDS) == 5
    assert any(n.startswith("policyviewer/resources/samples/mozilla/") for n in names)


def test_wheel_ships_every_module(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(REPO).as_posix() for p in _project_files(REPO / "policyviewer")}
    modules = {m for m in modules if m.endswith(".py")}
    assert "policyviewer/cli/__init__.py" in modules
    assert modules - names == set()


def test_wheel_declares_the_command_and_the_gui_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (entry_name,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_name).decode()
    entry_points = configparser.ConfigParser()
    entry_points.read_string(text)
    assert entry_points["console_scripts"]["policyviewer"].strip() == "policyviewer.cli:main"
    assert entry_points["gui_scripts"]["policyviewer-gui"].strip() == "policyviewer.ui.app:run"


def test_installed_wheel_finds_resources_in_the_install(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                   "--target", site, wheel])
    assert result.returncode == 0, result.stderr[-3000:]
    probe = (
        "import json, policyviewer\n"
        "from policyviewer.resources import resources_dir\n"
        "from policyviewer.app_icon import app_icon_path\n"
        "print(json.dumps([policyviewer.__file__, str(resources_dir()),"
        " str(app_icon_path())]))\n"
    )
    # Run from an empty folder with only the install on the path before the venv.
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = _run([sys.executable, "-c", probe], cwd=tmp_path, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    module_file, res_dir, icon = (Path(p) for p in json.loads(result.stdout))
    assert module_file.is_relative_to(site)
    assert Path(res_dir) == site / "policyviewer" / "resources"
    assert Path(icon).is_relative_to(site) and Path(icon).is_file()
    assert sorted(p.name for p in (Path(res_dir) / "samples").glob("*.txt")) == [
        p.name for p in SEEDS
    ]

    version = _run([sys.executable, "-m", "policyviewer", "--version"], cwd=tmp_path,
                   env=env, timeout=60)
    assert version.returncode == 0, version.stderr
    assert version.stdout.split() == ["policyviewer", policyviewer.__version__]


# --- desktop files -----------------------------------------------------------------------


def _desktop_entry(path: Path = DESKTOP) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def _list_value(value: str) -> set[str]:
    return {v for v in value.split(";") if v}


def test_desktop_entry_opens_the_supported_formats_with_the_gui_command() -> None:
    entry = _desktop_entry()
    assert _list_value(entry["MimeType"]) == MIME_TYPES
    assert entry["Icon"] == APP_ID == DESKTOP.name.removesuffix(".desktop")
    program, *args = entry["Exec"].split()
    assert program == "policyviewer"  # the console script the wheel installs
    assert args == ["gui", "%F"]
    from policyviewer.cli import build_parser

    # What the desktop runs for "Open with" on two files: the gui command gets both.
    parsed = build_parser().parse_args(["gui", "a.txt", "b.md"])
    assert parsed.command == "gui"
    assert [str(f) for f in parsed.files] == ["a.txt", "b.md"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (apt: desktop-file-utils)")
def test_desktop_file_validates() -> None:
    result = _run(["desktop-file-validate", DESKTOP], timeout=60)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_metainfo_agrees_with_the_desktop_entry_and_the_package() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert {m.text for m in root.iter("mediatype")} == MIME_TYPES
    assert {b.text for b in root.iter("binary")} == {"policyviewer", "policyviewer-gui"}
    assert len(root.find("description").findall("p")) >= 1
    image = root.find("screenshots/screenshot/image")
    assert image is not None and image.text.startswith("https://")
    # The screenshot is committed at the path its URL names (packaging/make_screenshot.py).
    shot = REPO / image.text.split("/main/", 1)[1]
    assert png_size(shot.read_bytes()) == (int(image.get("width")), int(image.get("height")))
    assert root.find("releases/release").get("version") == policyviewer.__version__


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli not installed (apt: appstream)")
def test_metainfo_validates() -> None:
    result = _run(["appstreamcli", "validate", "--no-net", METAINFO], timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(
    not (shutil.which("appstreamcli") and shutil.which("desktop-file-validate")),
    reason="appstreamcli or desktop-file-validate not installed",
)
def test_installed_desktop_integration_validates(tmp_path: Path) -> None:
    data_dir = tmp_path / "usr" / "share"
    command = tmp_path / "PolicyViewer" / "policyviewer"
    command.parent.mkdir()
    command.write_text("#!/bin/sh\n")
    result = _run([sys.executable, PACKAGING / "install_desktop.py",
                   "--data-dir", data_dir, "--exec", command], timeout=60)
    assert result.returncode == 0, result.stderr
    installed = data_dir / "applications" / DESKTOP.name
    assert _desktop_entry(installed)["Exec"] == f"{command} gui %F"
    assert _run(["desktop-file-validate", installed], timeout=60).returncode == 0
    tree = _run(["appstreamcli", "validate-tree", "--no-net", tmp_path], timeout=60)
    assert tree.returncode == 0, tree.stdout
    for size in ICON_SIZES:
        icon = data_dir / f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"
        assert png_size(icon.read_bytes()) == (size, size)

    result = _run([sys.executable, PACKAGING / "install_desktop.py",
                   "--data-dir", data_dir, "--uninstall"], timeout=60)
    assert result.returncode == 0
    assert not installed.exists()
    assert not list((data_dir / "icons").rglob("*.png"))


# --- icons -------------------------------------------------------------------------------


def test_png_icons_exist_in_every_size() -> None:
    for size in ICON_SIZES:
        path = ICONS / f"policyviewer-{size}.png"
        assert png_size(path.read_bytes()) == (size, size), path
    assert {16, 32, 48, 256, 512} <= set(ICON_SIZES)


def _ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind) == (0, 1)
    entries = []
    for i in range(count):
        entry = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        w, h, size, offset = entry[0], entry[1], entry[6], entry[7]
        assert w == h
        entries.append((w or 256, data[offset : offset + size]))
    return entries


def test_ico_holds_the_windows_sizes() -> None:
    entries = _ico_entries((ICONS / "policyviewer.ico").read_bytes())
    for declared, png in entries:
        assert png_size(png) == (declared, declared)
    assert {16, 24, 32, 48, 256} <= {size for size, _png in entries}


def test_icns_holds_the_macos_sizes() -> None:
    data = (ICONS / "policyviewer.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        found[kind] = png_size(data[pos + 8 : pos + length])
        pos += length
    assert pos == len(data)
    # Apple's PNG types and their pixel sizes (ic11..ic14 are the @2x variants).
    apple = {b"icp4": 16, b"icp5": 32, b"ic07": 128, b"ic08": 256, b"ic09": 512,
             b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512}
    for kind, size in apple.items():
        assert found[kind] == (size, size), kind


def test_make_icons_regenerates_every_icon_file(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run([sys.executable, PACKAGING / "make_icons.py", "--out", tmp_path],
                  env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    committed = {p.name for p in ICONS.iterdir() if p.suffix in {".png", ".ico", ".icns"}}
    assert {p.name for p in tmp_path.iterdir()} == committed
    assert png_size((tmp_path / "policyviewer-48.png").read_bytes()) == (48, 48)
    assert len(_ico_entries((tmp_path / "policyviewer.ico").read_bytes())) >= 5


def test_app_icon_path_names_an_existing_icon() -> None:
    path = app_icon_path()
    assert path.is_file() and path.suffix in {".svg", ".png"}
    assert path.is_relative_to(RESOURCES)
    assert png_size(app_icon_png(20).read_bytes()) == (24, 24)  # smallest one >= 20
    assert png_size(app_icon_png(4096).read_bytes()) == (512, 512)
    assert [png_size(p.read_bytes())[0] for p in app_icon_pngs()] == list(ICON_SIZES)


# --- the PyInstaller spec ----------------------------------------------------------------


def _spec_constant(name: str) -> tuple[str, ...]:
    tree = ast.parse((PACKAGING / "policyviewer.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in the spec")


def _qt_modules_imported_by_the_app() -> set[str]:
    found = set()
    for path in (REPO / "policyviewer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found |= {n.split(".")[1] for n in names
                      if n.startswith("PySide6.") and n.split(".")[1].startswith("Qt")}
    return found


def test_spec_bundles_every_qt_module_the_app_imports() -> None:
    used, unused = set(_spec_constant("QT_USED")), set(_spec_constant("QT_UNUSED"))
    imported = _qt_modules_imported_by_the_app()
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported
    assert imported <= used, f"add {imported - used} to QT_USED in packaging/policyviewer.spec"
    assert not used & unused


# --- slow checks, on request ---------------------------------------------------------------


def _summary_lines(output: str) -> list[str]:
    # The report stamps the minute it was generated; everything else must match.
    return [line for line in output.splitlines() if not line.startswith("Generated:")]


@pytest.mark.skipif(not os.environ.get("POLICYVIEWER_TEST_VENV"),
                    reason="set POLICYVIEWER_TEST_VENV=1 (installs the deps into a new venv)")
def test_wheel_in_a_fresh_venv_runs_both_commands(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", venv]).returncode == 0
    result = _run([venv / "bin" / "python", "-m", "pip", "install", "-q", wheel], timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (venv / "bin" / "policyviewer-gui").is_file()
    version = _run([venv / "bin" / "policyviewer", "--version"], cwd=tmp_path, timeout=60)
    assert version.stdout.split() == ["policyviewer", policyviewer.__version__]
    summary = _run([venv / "bin" / "policyviewer", "summary", SEEDS[0], SEEDS[1]],
                   cwd=tmp_path, timeout=120)
    assert summary.returncode == 0, summary.stderr
    source = _run([sys.executable, "-m", "policyviewer", "summary", SEEDS[0], SEEDS[1]],
                  timeout=120)
    assert _summary_lines(summary.stdout) == _summary_lines(source.stdout)


@pytest.mark.skipif(not os.environ.get("POLICYVIEWER_TEST_BUNDLE"),
                    reason="set POLICYVIEWER_TEST_BUNDLE=1 (builds the bundle, ~2 minutes)")
def test_pyinstaller_bundle_runs_headless_commands() -> None:
    build = _run(["bash", PACKAGING / "build.sh"], cwd=REPO, timeout=1800)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    binary = REPO / "dist" / "PolicyViewer" / "policyviewer"
    assert (binary.parent / "policyviewer-gui").is_file()
    assert (binary.parent / "_internal" / "resources" / "icons" / "policyviewer.svg").is_file()
    version = _run([binary, "--version"], timeout=60)
    assert version.stdout.split() == ["policyviewer", policyviewer.__version__]
    summary = _run([binary, "summary", SEEDS[0], SEEDS[1]], timeout=120)
    assert summary.returncode == 0, summary.stderr
    source = _run([sys.executable, "-m", "policyviewer", "summary", SEEDS[0], SEEDS[1]],
                  timeout=120)
    assert _summary_lines(summary.stdout) == _summary_lines(source.stdout)
    assert len(_summary_lines(summary.stdout)) > 5


@pytest.mark.skipif(not os.environ.get("POLICYVIEWER_TEST_BUNDLE") or not shutil.which("xvfb-run"),
                    reason="set POLICYVIEWER_TEST_BUNDLE=1 and install xvfb")
def test_pyinstaller_bundle_window_opens_files(tmp_path: Path) -> None:
    """What "Open with PolicyViewer" does: the windowed executable adds the files it gets."""
    folder = REPO / "dist" / "PolicyViewer"
    if not (folder / "policyviewer-gui").is_file():
        pytest.skip("no bundle: run packaging/build.sh (the test above does)")
    db = tmp_path / "library.sqlite"
    env = {**os.environ, "POLICYVIEWER_DB": str(db), "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)  # the real X11 platform plugin, on a virtual display
    mozilla = sorted((RESOURCES / "samples" / "mozilla").glob("*.md"))
    window = subprocess.Popen(
        ["xvfb-run", "-a", str(folder / "policyviewer-gui"), str(mozilla[0]), str(mozilla[-1])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        policies, deadline = [], time.monotonic() + 90
        while time.monotonic() < deadline and window.poll() is None:
            listed = _run([folder / "policyviewer", "--db", db, "list", "--json"], timeout=60)
            policies = json.loads(listed.stdout) if listed.returncode == 0 else []
            if policies and policies[0]["versions"] == 2:
                break
            time.sleep(1)
        assert window.poll() is None, window.stderr.read().decode()[-2000:]
        assert [p["versions"] for p in policies] == [2]
    finally:
        os.killpg(window.pid, signal.SIGTERM)
        window.wait(timeout=30)
