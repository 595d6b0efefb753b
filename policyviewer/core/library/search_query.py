"""The search query language, parsed before anything reaches SQLite FTS5.

User text is never handed to FTS5 as syntax: it is parsed here into a tree
and written back out with every word quoted, so a stray quote or operator
gives a clear ``InvalidQuery`` instead of an SQLite error.

Syntax (documented in ``policyviewer search --help``)::

    biometric data          both words, anywhere in the same section
    "sell your data"        the exact phrase
    advert*                 words starting with "advert"
    "third part*"           a phrase whose last word is a prefix
    sell OR share           either word
    cookies NOT analytics   sections with "cookies" but not "analytics"
    (sell OR share) data    parentheses group

Operators are the upper-case words AND, OR and NOT (lower-case "and" is a
word). Precedence: NOT binds tightest, then AND (or nothing), then OR.
Matching ignores case and accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from policyviewer.core.errors import InvalidQuery

MAX_QUERY_CHARS = 1000

# The words FTS5's unicode61 tokenizer keeps: letters and digits, nothing else.
_WORD = re.compile(r"[^\W_]+")
_LEX = re.compile(r'\s+|\(|\)|"[^"]*"\*?|"[^"]*$|[^\s()"]+')
_OPERATORS = ("AND", "OR", "NOT")
_EXAMPLES = (
    'for example: biometric, "sell your data", advert*, sell OR share, cookies NOT analytics'
)


def fold_word(word: str) -> str:
    """A word as the index sees it: case-folded, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def words_of(text: str) -> list[str]:
    """The indexed words of ``text``, folded (what FTS5's tokenizer would produce)."""
    return [fold_word(w) for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Phrase:
    """One or more words that must appear together; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Node:
    op: str  # "AND", "OR", "NOT"
    left: Phrase | Node
    right: Phrase | Node

    def fts(self) -> str:
        return f"({_fts(self.left)} {self.op} {_fts(self.right)})"


def _fts(part: Phrase | Node) -> str:
    return part.fts()


@dataclass(frozen=True)
class Query:
    """A parsed query: the FTS5 expression, and the phrases to mark in snippets."""

    text: str
    expression: str
    phrases: tuple[Phrase, ...]  # the ones that make a section match (not under NOT)


def _error(message: str, hint: str = _EXAMPLES) -> InvalidQuery:
    return InvalidQuery(f"invalid search: {message}", hint=hint)


def parse_query(text: str) -> Query:
    """Parse the user's query; raise ``InvalidQuery`` saying what is wrong and how to fix it."""
    text = str(text)
    if len(text) > MAX_QUERY_CHARS:
        raise _error(f"the query is longer than {MAX_QUERY_CHARS} characters")
    tokens = _lex(text)
    if not tokens:
        raise _error("there is nothing to search for")
    parser = _Parser(tokens)
    tree = parser.parse_or()
    if parser.pos < len(tokens):
        tok = tokens[parser.pos]
        if tok == ")":
            raise _error("a ')' has no matching '('", "remove it or add the '(' it closes")
        raise _error(f"unexpected {tok!r}")
    positive: list[Phrase] = []
    _collect(tree, positive)
    return Query(text=text.strip(), expression=tree.fts(), phrases=tuple(positive))


def _collect(part: Phrase | Node, out: list[Phrase]) -> None:
    if isinstance(part, Phrase):
        out.append(part)
        return
    _collect(part.left, out)
    if part.op != "NOT":
        _collect(part.right, out)


def _lex(text: str) -> list[str | Phrase]:
    tokens: list[str | Phrase] = []
    for raw in _LEX.findall(text):
        if raw.isspace():
            continue
        if raw in ("(", ")") or raw in _OPERATORS:
            tokens.append(raw)
            continue
        if raw.startswith('"'):
            if raw == '"' or not raw.endswith(('"', '"*')) or raw in ('"*',):
                raise _error("a quotation mark is not closed", 'close the phrase: "sell your data"')
            prefix = raw.endswith("*")
            inner = raw[1:-2] if prefix else raw[1:-1]
            words = words_of(inner)
            if not words:
                if prefix:
                    raise _error("'*' must follow the start of a word", "for example: advert*")
                raise _error(f"the phrase {raw} has no words in it")
            tokens.append(Phrase(tuple(words), prefix))
            continue
        prefix = raw.endswith("*")
        stem = raw.rstrip("*")
        if not stem:
            raise _error(
                "a '*' on its own matches nothing",
                "put it after the start of a word: advert* matches advertising",
            )
        if "*" in stem or (prefix and not words_of(stem)):
            raise _error(
                f"{raw!r}: '*' can only end a word, to match words starting with it",
                "for example: advert* matches advertising and advertisers",
            )
        words = words_of(stem)
        if not words:  # "&", "-", "§": nothing the index could match; ignore it
            continue
        tokens.append(Phrase(tuple(words), prefix))
    return tokens


class _Parser:
    def __init__(self, tokens: list[str | Phrase]) -> None:
        self.tokens = tokens
        self.pos = 0

    def _peek(self) -> str | Phrase | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse_or(self) -> Phrase | Node:
        left = self.parse_and()
        while self._peek() == "OR":
            self.pos += 1
            left = Node("OR", left, self._operand("OR", self.parse_and))
        return left

    def parse_and(self) -> Phrase | Node:
        left = self.parse_not()
        while True:
            tok = self._peek()
            if tok == "AND":
                self.pos += 1
                left = Node("AND", left, self._operand("AND", self.parse_not))
            elif tok is not None and tok not in ("OR", "NOT", ")"):
                left = Node("AND", left, self.parse_not())
            else:
                return left

    def parse_not(self) -> Phrase | Node:
        left = self.parse_primary()
        while self._peek() == "NOT":
            self.pos += 1
            left = Node("NOT", left, self._operand("NOT", self.parse_primary))
        return left

    def _operand(self, op: str, parse) -> Phrase | Node:  # type: ignore[no-untyped-def]
        tok = self._peek()
        if tok is None or tok in _OPERATORS or tok == ")":
            raise _error(
                f"{op} needs a word or phrase after it",
                f"write for example: privacy {op} cookies, or use lower-case '{op.lower()}' "
                "to search for the word",
            )
        return parse()

    def parse_primary(self) -> Phrase | Node:
        tok = self._peek()
        if isinstance(tok, Phrase):
            self.pos += 1
            return tok
        if tok == "(":
            self.pos += 1
            if self._peek() == ")":
                raise _error("empty parentheses", "put words inside them: (sell OR share)")
            inner = self.parse_or()
            if self._peek() != ")":
                raise _error("a '(' is not closed", "add the missing ')'")
            self.pos += 1
            return inner
        if tok in _OPERATORS:
            raise _error(
                f"{tok} needs a word or phrase before it",
                f"write for example: privacy {tok} cookies, or use lower-case '{str(tok).lower()}' "
                "to search for the word",
            )
        if tok == ")":
            raise _error("a ')' has no matching '('", "remove it or add the '(' it closes")
        raise _error("the query ends too early")
