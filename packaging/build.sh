#!/usr/bin/env bash
# Build the one-folder PolicyViewer bundle (dist/PolicyViewer/) from a clean checkout.
#
#   packaging/build.sh
#
# Uses its own virtual environment (build/pyinstaller-venv, or $BUILD_VENV) so PyInstaller
# never enters the project's dependencies. $PYTHON picks the interpreter (default python3).
# Ends by running the bundled binary headless and printing the bundle's size.
set -euo pipefail

cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENV="${BUILD_VENV:-build/pyinstaller-venv}"
PYINSTALLER_REQ="${PYINSTALLER_REQ:-pyinstaller>=6.10}"

start=$(date +%s)
if [ ! -d "$VENV" ]; then
    "$PYTHON" -m venv "$VENV"
fi
if [ -d "$VENV/Scripts" ]; then BIN="$VENV/Scripts"; EXT=".exe"; else BIN="$VENV/bin"; EXT=""; fi

echo "== installing PolicyViewer and PyInstaller into $VENV"
"$BIN/python" -m pip install --quiet --upgrade pip
"$BIN/python" -m pip install --quiet . "$PYINSTALLER_REQ"

echo "== building dist/PolicyViewer/"
rm -rf dist/PolicyViewer dist/PolicyViewer.app
"$BIN/python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/policyviewer.spec

echo "== smoke test"
if [ -d dist/PolicyViewer.app ]; then
    APP_DIR=dist/PolicyViewer.app/Contents/MacOS
else
    APP_DIR=dist/PolicyViewer
fi
QT_QPA_PLATFORM=offscreen "$APP_DIR/policyviewer$EXT" --version
QT_QPA_PLATFORM=offscreen "$APP_DIR/policyviewer$EXT" --help > /dev/null

end=$(date +%s)
echo "== built $(du -sh dist/PolicyViewer | cut -f1) in dist/PolicyViewer/ ($((end - start)) s)"
