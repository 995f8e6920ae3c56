"""Fetching URLs against a real HTTP server on 127.0.0.1 (no traffic leaves the machine)."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from onrecord.ingest import iter_documents
from onrecord.ingest.decode import IngestError
from onrecord.ingest.urls import USER_AGENT, clear_robots_cache, fetch, is_url
from onrecord.models import Document, Failure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (FIXTURES / "article.html").read_bytes()
# a group for another crawler must not apply to us; the * group does
ROBOTS = b"User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n"
# a group naming us replaces the * group (RFC 9309)
ROBOTS_NAMED = b"User-agent: *\nDisallow: /\n\nUser-agent: onrecord\nDisallow: /private/\n"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    robots_status = 200
    robots = ROBOTS
    seen: list[tuple[str, str]]  # (path, user agent), set per server

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass

    def handle(self) -> None:
        # the client hangs up on purpose in the timeout and size-cap tests
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def _send(
        self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **extra: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path
        if path == "/robots.txt":
            self._send(
                self.robots_status, self.robots if self.robots_status == 200 else b"x", "text/plain"
            )
        elif path in ("/article", "/private/page"):
            self._send(200, ARTICLE)
        elif path == "/redirect":
            self._send(302, b"", Location="/article")
        elif path == "/redirect-abs":
            port = self.server.server_address[1]
            self._send(301, b"", Location=f"http://localhost:{port}/article")
        elif path == "/redirect-file":
            self._send(302, b"", Location="file:///etc/passwd")
        elif path == "/redirect-robots":
            self._send(302, b"", Location="/private/page")
        elif path.startswith("/loop"):
            self._send(302, b"", Location=f"/loop{len(path)}")
        elif path == "/missing":
            self._send(404, b"not here")
        elif path == "/broken":
            self._send(503, b"down")
        elif path == "/gzip":
            self._send(200, gzip.compress(ARTICLE), Content_Encoding="gzip")
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, ARTICLE)
        elif path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"<p>")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass  # the client gave up, as it should
        elif path == "/huge":  # no Content-Length: the cap must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 16380 + b"</p>")
            except OSError:
                pass
            self.close_connection = True
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(50 * 1024 * 1024))
            self.end_headers()
            self.close_connection = True
        else:
            self._send(404, b"no route")


def _serve(
    robots_status: int = 200, robots: bytes = ROBOTS
) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    seen: list[tuple[str, str]] = []
    attrs = {"robots_status": robots_status, "robots": robots, "seen": seen}
    handler = type("H", (Handler,), attrs)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    clear_robots_cache()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    yield from _serve()


@pytest.fixture
def no_outside_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything tries to open a connection to a non-loopback address."""
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object) -> socket.socket:
        if address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"connection attempted to {address}")
        return real(address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "create_connection", guarded)


def test_fetch_page_with_user_agent_and_robots(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = site
    got = fetch(base + "/article", allow_private=True)
    assert got.data == ARTICLE
    assert got.url == base + "/article"
    assert got.content_type.startswith("text/html")
    assert [p for p, _ in seen] == ["/robots.txt", "/article"]
    assert all(ua == USER_AGENT for _, ua in seen)
    assert USER_AGENT.startswith("onrecord/") and "(+https://" in USER_AGENT


def test_robots_disallow(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = site
    with pytest.raises(IngestError, match=r"disallowed by robots\.txt: .*/private/page"):
        fetch(base + "/private/page", allow_private=True)
    # a redirect into a disallowed path is caught at the next hop
    with pytest.raises(IngestError, match=r"disallowed by robots\.txt"):
        fetch(base + "/redirect-robots", allow_private=True)
    assert fetch(base + "/article", allow_private=True).data == ARTICLE
    paths = [p for p, _ in seen]
    assert "/private/page" not in paths
    assert paths.count("/robots.txt") == 1  # cached per site


def test_robots_group_naming_us() -> None:
    for base, _ in _serve(robots=ROBOTS_NAMED):
        assert fetch(base + "/article", allow_private=True).data == ARTICLE
        with pytest.raises(IngestError, match=r"disallowed by robots\.txt"):
            fetch(base + "/private/page", allow_private=True)


@pytest.mark.parametrize("status", [404, 500])
def test_missing_or_failing_robots_allows(status: int) -> None:
    for base, seen in _serve(robots_status=status):
        assert fetch(base + "/private/page", allow_private=True).data == ARTICLE
        assert [p for p, _ in seen] == ["/robots.txt", "/private/page"]


def test_redirects_are_followed_and_rechecked(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    got = fetch(base + "/redirect", allow_private=True)
    assert got.url == base + "/article" and got.data == ARTICLE
    # a host name is resolved and checked; localhost is loopback
    port = base.rsplit(":", 1)[1]
    assert (
        fetch(base + "/redirect-abs", allow_private=True).url == f"http://localhost:{port}/article"
    )
    with pytest.raises(IngestError, match="too many redirects"):
        fetch(base + "/loop", allow_private=True)


def test_every_redirect_hop_is_validated(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = site
    with pytest.raises(IngestError, match="only http and https URLs can be fetched"):
        fetch(base + "/redirect-file", allow_private=True)
    assert seen[-1][0] == "/redirect-file"


def test_loopback_refused_without_allow_private(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, seen = site
    with pytest.raises(IngestError, match="loopback"):
        fetch(base + "/article")
    port = base.rsplit(":", 1)[1]
    with pytest.raises(IngestError, match="loopback"):
        fetch(f"http://localhost:{port}/article")
    assert seen == []  # refused before any request was sent


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/admin", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("https://[::ffff:10.0.0.1]/", "private"),
        ("http://0.0.0.0:8080/", "unspecified"),
        ("http://[fe80::1]/", "link-local"),
    ],
)
def test_private_ranges_refused_before_connecting(
    url: str, kind: str, no_outside_connections: None
) -> None:
    with pytest.raises(IngestError, match=f"refusing to fetch .* is a {kind} address"):
        fetch(url, timeout=1.0)


def test_http_errors(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    with pytest.raises(IngestError, match=r"HTTP 404 Not Found from .*/missing"):
        fetch(base + "/missing", allow_private=True)
    with pytest.raises(IngestError, match="HTTP 503"):
        fetch(base + "/broken", allow_private=True)


def test_timeout(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    with pytest.raises(IngestError, match="timed out"):
        fetch(base + "/slow", allow_private=True, timeout=0.2)


def test_trickling_server_hits_the_total_deadline(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    start = time.monotonic()
    with pytest.raises(IngestError, match="timed out"):
        fetch(base + "/trickle", allow_private=True, timeout=0.2)
    assert time.monotonic() - start < 1.5  # each read is quick; the whole fetch is bounded


def test_size_cap(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    with pytest.raises(IngestError, match="larger than the cap of 100,000 bytes"):
        fetch(base + "/huge", allow_private=True, max_bytes=100_000)
    with pytest.raises(IngestError, match="larger than the cap"):
        fetch(base + "/huge-declared", allow_private=True)


def test_gzip_body_is_decoded_and_capped_decoded(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    assert fetch(base + "/gzip", allow_private=True).data == ARTICLE
    # the cap applies to the decoded size, so a small gzip cannot expand past it
    with pytest.raises(IngestError, match="larger than the cap"):
        fetch(base + "/gzip", allow_private=True, max_bytes=len(ARTICLE) - 1)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.org/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http:///nohost", "no host"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_bad_urls(url: str, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        fetch(url)


def test_is_url() -> None:
    assert is_url("https://example.org/a?b=c")
    assert is_url("http://127.0.0.1:8080/")
    assert not is_url("example.org/page")
    assert not is_url("/tmp/page.html")
    assert not is_url("ftp://example.org/")
    assert not is_url("http://")
    assert not is_url("https://exa mple.org/")


def test_dispatcher_fetches_and_extracts(site: tuple[str, list[tuple[str, str]]]) -> None:
    base, _ = site
    items = list(iter_documents([base + "/article"], allow_private=True))
    assert len(items) == 1 and isinstance(items[0], Document)
    assert items[0].title == "Harbourtown council backs new ferry link"
    (refused,) = iter_documents([base + "/article"])
    assert isinstance(refused, Failure) and "loopback" in refused.reason
