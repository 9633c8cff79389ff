"""The visitor's IP address, read from a reverse proxy only when that proxy is trusted.

Behind nginx every request comes from 127.0.0.1; the real address is in X-Forwarded-For.
But anyone can send that header, so it is believed only when the request itself comes
from an address in VERBINDING_TRUSTED_PROXIES. The list is read from the right (nginx
appends the address it saw), skipping trusted proxies; the first other address is the
client. Whatever a client wrote further left is never reached.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

from verbinding.config import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_proxies(values: list[str]) -> tuple[Network, ...]:
    """The trusted proxies as networks; a bad entry stops the app, named."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ConfigError(
                f"VERBINDING_TRUSTED_PROXIES: {value!r} is geen IP-adres of netwerk"
            ) from None
    return tuple(networks)


@cache
def _trusted_networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_proxies(list(values))


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    networks = _trusted_networks(tuple(settings.VERBINDING_TRUSTED_PROXIES))
    return any(ip in network for network in networks)


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The client's address; REMOTE_ADDR unless that is a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if not _is_trusted(remote):
        return remote
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _valid(hop):
            return remote  # a mangled list: do not guess
        if not _is_trusted(hop):
            return hop
    return remote


def coarse_network(address: str) -> str:
    """The network an address is in (/24 or /48): enough to recognise 'that was me at
    home', not enough to point at one house."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
