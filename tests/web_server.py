"""A local HTTP server on 127.0.0.1 for the web-tracking tests (never the internet).

``LocalSite`` serves pages set by the test; a path can hold a list of pages
served one after the other (the last one repeats), so a policy can change
between requests. It records every request so tests can assert what was fetched.
"""

from __future__ import annotations

import contextlib
import html
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHROME_WORDS = ("Accept all cookies", "Follow us", "Latest blog posts", "Products", "Careers")


def policy_page(
    company: str = "Acme",
    sections: dict[str, str] | None = None,
    *,
    updated: str = "May 1, 2024",
    chrome: bool = True,
    extra_head: str = "",
) -> str:
    """A privacy-policy page, with site chrome and a cookie banner around it by default."""
    sections = sections or default_sections(company)
    body = "".join(
        f"<h2>{html.escape(h)}</h2>\n<p>{html.escape(p)}</p>\n" for h, p in sections.items()
    )
    article = (
        f"<main><article><h1>{company} Privacy Policy</h1>\n"
        f"<p>Last updated: {updated}</p>\n{body}</article></main>"
    )
    if not chrome:
        return f"<html><head>{extra_head}</head><body>{article}</body></html>"
    return f"""<!doctype html>
<html><head><title>{company} | Privacy</title>{extra_head}</head><body>
<div class="site-header"><a href="/">Home</a> <a href="/products">Products</a>
<a href="/careers">Careers</a> <a href="/blog">Blog</a></div>
<nav><ul><li><a href="/about">About us</a></li><li><a href="/help">Help centre</a></li></ul></nav>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button>Accept all cookies</button> <button>Settings</button></div>
{article}
<aside><h3>Latest blog posts</h3><ul><li><a href="/b/1">Our new office</a></li>
<li><a href="/b/2">Spring sale</a></li></ul></aside>
<footer><p>© 2024 {company} Inc. All rights reserved.</p><p>Follow us on Twitter and
Instagram.</p><a href="/terms">Terms</a> <a href="/privacy">Privacy</a></footer>
</body></html>"""


def default_sections(company: str = "Acme") -> dict[str, str]:
    return {
        "1. Information we collect": (
            f"{company} collects your name, email address, postal address and payment details "
            "when you create an account or buy something. We also collect information about "
            "the device you use, such as its model, operating system and IP address."
        ),
        "2. How we use your information": (
            "We use your personal data to provide the service, to process payments, to send "
            "you messages about your account and, with your consent, marketing emails. We use "
            "device information to keep the service secure and to fix problems."
        ),
        "3. Sharing": (
            "We never sell your personal data. We share it with service providers that "
            "process payments and host our servers on our behalf, under contracts that "
            "require them to protect it."
        ),
        "4. Retention": (
            "We keep account data for as long as your account is open and delete it within "
            "30 days after you close your account, unless the law requires us to keep it."
        ),
    }


class LocalSite:
    """``with LocalSite() as site: site.url("/policy")`` — a server on 127.0.0.1, port 0."""

    def __init__(self) -> None:
        self.pages: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.slow_seconds = 3.0
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append((self.path, dict(self.headers.items())))
                    queue = site.pages.get(self.path)
                    response = None
                    if queue:
                        response = queue.pop(0) if len(queue) > 1 else queue[0]
                if self.path == "/slow":
                    time.sleep(site.slow_seconds)
                    response = (200, {"Content-Type": "text/html"}, b"<p>late</p>")
                elif self.path == "/drip":  # answers at once, then sends slowly
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(40):
                            self.wfile.write(b"<p>privacy</p>" * 10)
                            self.wfile.flush()
                            time.sleep(0.1)
                    except OSError:
                        pass
                    return
                elif self.path == "/huge":  # no Content-Length: the limit must hold while reading
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(200):
                            self.wfile.write(b"<p>" + b"privacy " * 1000 + b"</p>")
                    except OSError:
                        pass
                    return
                elif self.path == "/loop":
                    response = (302, {"Location": "/loop"}, b"")
                elif self.path.startswith("/hop/"):
                    n = int(self.path.rsplit("/", 1)[1])
                    response = (302, {"Location": f"/hop/{n + 1}" if n < 3 else "/policy"}, b"")
                elif self.path == "/to-file":
                    response = (302, {"Location": "file:///etc/passwd"}, b"")
                if response is None:
                    response = (404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
                status, headers, body = response
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def serve(
        self, path: str, *pages: str | bytes, status: int = 200, content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``pages`` at ``path`` one per request (the last repeats); returns the URL."""
        with self._lock:
            self.pages[path] = [
                (
                    status,
                    {"Content-Type": f"{content_type}; charset=utf-8", **(headers or {})},
                    p.encode("utf-8") if isinstance(p, str) else p,
                )
                for p in pages
            ]
        return self.url(path)

    def paths_requested(self) -> list[str]:
        with self._lock:
            return [p for p, _ in self.requests]


def closed_port_url(path: str = "/policy") -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"
