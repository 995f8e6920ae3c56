"""Fetching a web page politely and safely.

Polite: a User-Agent that says who we are, robots.txt obeyed, one request at a time.
Safe: only http(s), a size cap enforced while streaming, a deadline for the whole fetch, and no
requests to loopback, private, link-local or otherwise non-public addresses unless the caller
allows it (a URL given to a server must not become a probe of its internal network). The host
is resolved and checked by us, and the connection then goes to the address we checked, so a
DNS answer that changes between check and connect (DNS rebinding) cannot slip through.
Redirects are followed by hand so every hop gets the same checks.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from onrecord import __version__
from onrecord.ingest.decode import IngestError

USER_AGENT = f"onrecord/{__version__} (+https://github.com/onrecord/onrecord)"
ROBOTS_AGENT = "onrecord"  # the product token robots.txt rules are matched against
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL = 3600.0
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(IngestError):
    """The URL's host is not a public internet address and private ones were not allowed."""


@dataclass
class Fetched:
    url: str  # the final URL, after redirects
    data: bytes
    content_type: str


def is_url(s: str) -> bool:
    """True for an absolute http(s) URL with a host; paths and other schemes are not URLs here."""
    s = s.strip()
    if not s or any(c.isspace() for c in s):
        return False
    try:
        parts = urlsplit(s)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = 20 * 1024 * 1024,
) -> Fetched:
    """GET url and return its body, or raise IngestError with a reason a user can act on.

    ``timeout`` bounds each connect/read; the whole fetch (robots.txt, redirects, body) gets
    three times that, so a server trickling bytes cannot hold a run forever.
    """
    session = _Session(allow_private=allow_private, timeout=timeout)
    try:
        return session.get(url, max_bytes=max_bytes, check_robots=True)
    finally:
        session.close()


class _Session:
    def __init__(self, *, allow_private: bool, timeout: float) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self.deadline = time.monotonic() + 3 * timeout
        # trust_env=False: an environment proxy would resolve names itself and defeat the
        # address checks; redirects are ours to follow
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
            verify=_ssl_context(),
        )

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, *, max_bytes: int, check_robots: bool) -> Fetched:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            parts = _split(current)
            addresses = self._resolve(parts, current)  # refuse before anything is sent
            if check_robots and not self._robots_allow(parts, current):
                raise IngestError(f"disallowed by robots.txt: {current}")
            outcome = self._request(parts, current, addresses, max_bytes)
            if isinstance(outcome, Fetched):
                return outcome
            current = urljoin(current, outcome)  # a redirect: check the next hop afresh
        raise IngestError(f"too many redirects (more than {MAX_REDIRECTS}) starting from {url}")

    # ---- one request, pinned to a checked address ----

    def _request(
        self, parts: _Parts, url: str, addresses: list[Address], max_bytes: int
    ) -> Fetched | str:
        """The fetched page, or the Location of a redirect."""
        last_error: Exception | None = None
        for address in addresses:
            try:
                return self._request_to(parts, url, address, max_bytes)
            except httpx.ConnectError as exc:
                last_error = exc  # try the host's next address
            except httpx.TimeoutException as exc:
                raise IngestError(f"timed out after {self.timeout:g} s fetching {url}") from exc
            except httpx.HTTPError as exc:
                raise IngestError(f"network error fetching {url}: {exc}") from exc
        raise IngestError(f"could not connect to {parts.host}: {last_error}")

    def _request_to(
        self, parts: _Parts, url: str, address: Address, max_bytes: int
    ) -> Fetched | str:
        host = f"[{address}]" if address.version == 6 else str(address)
        target = urlunsplit((parts.scheme, f"{host}:{parts.port}", parts.path, parts.query, ""))
        extensions = {"sni_hostname": parts.host} if parts.scheme == "https" else {}
        headers = {"Host": parts.netloc}
        with self.client.stream("GET", target, headers=headers, extensions=extensions) as resp:
            if resp.is_redirect:  # httpx: a 3xx status that has a Location
                return resp.headers["location"]
            if resp.status_code >= 400:
                reason = resp.reason_phrase or ""
                raise IngestError(f"HTTP {resp.status_code} {reason}".rstrip() + f" from {url}")
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(_too_large(url, max_bytes, f"{int(declared):,} bytes"))
            data = bytearray()
            for chunk in resp.iter_bytes():  # decoded, so a gzip bomb counts at full size
                data += chunk
                if len(data) > max_bytes:
                    raise IngestError(_too_large(url, max_bytes))
                if time.monotonic() > self.deadline:
                    raise IngestError(
                        f"timed out: {url} took longer than {3 * self.timeout:g} s in total"
                    )
            content_type = resp.headers.get("content-type", "")
            return Fetched(url, bytes(data), content_type)

    def _resolve(self, parts: _Parts, url: str) -> list[Address]:
        if time.monotonic() > self.deadline:
            raise IngestError(f"timed out: {url} took longer than {3 * self.timeout:g} s in total")
        try:
            addresses = [ipaddress.ip_address(parts.host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(parts.host, parts.port, type=socket.SOCK_STREAM)
            except (socket.gaierror, UnicodeError) as exc:
                raise IngestError(f"could not resolve host {parts.host!r}: {exc}") from exc
            # IPv6 link-local answers carry a zone ("fe80::1%eth0") that ip_address rejects
            seen = dict.fromkeys(ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos)
            addresses = list(seen)
        if not addresses:
            raise IngestError(f"could not resolve host {parts.host!r}")
        if not self.allow_private:
            for address in addresses:
                kind = non_public_kind(address)
                if kind:
                    shown = "" if parts.host == str(address) else f" ({address})"
                    raise AddressRefused(
                        f"refusing to fetch {url}: {parts.host} is a {kind} address{shown}; "
                        "pass allow_private (--allow-private) to fetch from it"
                    )
        return addresses

    # ---- robots.txt ----

    def _robots_allow(self, parts: _Parts, url: str) -> bool:
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = _ROBOTS.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL:
            cached = (time.monotonic(), self._load_robots(origin))
            _remember_robots(origin, cached)
        allowed = cached[1]
        return allowed(url)

    def _load_robots(self, origin: str) -> Callable[[str], bool]:
        try:
            got = self.get(origin + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES, check_robots=False)
        except AddressRefused:
            raise  # e.g. robots.txt redirected to an internal address
        except IngestError:
            # a missing robots.txt (4xx) allows everything; an unreachable or failing one is
            # treated the same rather than blocking every page of the site
            return _allow_all
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(got.data.decode("utf-8", errors="replace").splitlines())
        return lambda u: parser.can_fetch(ROBOTS_AGENT, u)


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    # loading the CA bundle takes ~0.1 s; do it once per process, not once per URL
    return httpx.create_ssl_context()


def _allow_all(_url: str) -> bool:
    return True


_ROBOTS: dict[str, tuple[float, Callable[[str], bool]]] = {}


def _remember_robots(origin: str, entry: tuple[float, Callable[[str], bool]]) -> None:
    if len(_ROBOTS) >= 256:  # a long URL list over many sites must not grow this forever
        _ROBOTS.pop(next(iter(_ROBOTS)))
    _ROBOTS[origin] = entry


def clear_robots_cache() -> None:
    _ROBOTS.clear()


def non_public_kind(address: Address) -> str | None:
    """Why an address is not on the public internet ("loopback", "private", ...), else None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    for kind, flag in (  # most specific first: 127/8 and 169.254/16 are "private" too
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "non-public"


@dataclass
class _Parts:
    scheme: str
    host: str  # without brackets
    port: int
    netloc: str  # host[:port] as sent in the Host header
    path: str
    query: str


def _split(url: str) -> _Parts:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise IngestError(f"not a valid URL: {url!r} ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise IngestError(
            f"only http and https URLs can be fetched, not {scheme or 'no'} scheme: {url}"
        )
    host = parts.hostname
    if not host:
        raise IngestError(f"URL has no host: {url}")
    default = 443 if scheme == "https" else 80
    port = port or default
    shown = f"[{host}]" if ":" in host else host
    netloc = shown if port == default else f"{shown}:{port}"
    return _Parts(scheme, host, port, netloc, parts.path or "/", parts.query)


def _too_large(url: str, max_bytes: int, size: str | None = None) -> str:
    have = f" ({size})" if size else ""
    return f"response from {url} is larger than the cap of {max_bytes:,} bytes{have}; not fetched"
