"""The library's schema, built and upgraded through sqlite-utils migrations.

Each migration is applied once, inside the opener's write transaction, and
recorded in ``_sqlite_migrations``. ``PRAGMA user_version`` mirrors the number
of migrations applied so a newer file is recognised even without that table.
Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "policyviewer"

migrations = Migrations(MIGRATION_SET)


@migrations(name="001_initial")
def _initial(db: Database) -> None:
    # Texts are stored once per distinct content (zlib-compressed UTF-8), shared
    # by every version of every policy that has that exact text.
    db.execute(
        """
        CREATE TABLE policies (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE texts (
            sha256 TEXT PRIMARY KEY,
            text BLOB NOT NULL,
            words INTEGER NOT NULL,
            chars INTEGER NOT NULL
        )
        """
    )
    # Heading marks live on the version, not the text: the same words imported
    # from a .txt and from a .md have different structure.
    db.execute(
        """
        CREATE TABLE versions (
            id INTEGER PRIMARY KEY,
            policy_id INTEGER NOT NULL REFERENCES policies(id),
            sha256 TEXT NOT NULL REFERENCES texts(sha256),
            date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
            effective_date TEXT,
            source TEXT,
            source_format TEXT NOT NULL,
            title TEXT,
            headings TEXT NOT NULL DEFAULT '[]',
            imported_at TEXT NOT NULL,
            UNIQUE (policy_id, sha256)
        )
        """
    )
    db.execute("CREATE INDEX versions_by_date ON versions (policy_id, date, id)")
    db.execute("CREATE INDEX versions_by_text ON versions (sha256)")
    db.execute("PRAGMA user_version = 1")


@migrations(name="002_search")
def _search(db: Database) -> None:
    # Full-text index of every version's sections (see library/search.py);
    # back-fills the versions already stored.
    from policyviewer.core.library.search import create_index

    create_index(db.conn)
    db.execute("PRAGMA user_version = 2")


@migrations(name="003_tracking")
def _tracking(db: Database) -> None:
    # Tracked URLs, their last check, and sources already imported (library/tracking.py).
    from policyviewer.core.library.tracking import create_tables

    create_tables(db.conn)
    db.execute("PRAGMA user_version = 3")


# Names of every migration this program knows, in order.
KNOWN_MIGRATIONS: tuple[str, ...] = ("001_initial", "002_search", "003_tracking")
SCHEMA_VERSION = len(KNOWN_MIGRATIONS)
LIBRARY_TABLES = frozenset({"policies", "texts", "versions"})
