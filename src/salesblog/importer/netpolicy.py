"""Which network addresses the importer may fetch from: public ones only, unless the user says
the blog lives on an intranet (--allow-private-addresses).

A URL's host is resolved here, every address it resolves to is checked, and the caller connects
to the checked address itself: a DNS answer that changes between the check and the connection
(DNS rebinding) cannot move the request inside the network. Resolving through getaddrinfo also
reads every spelling of a numeric host the way the connection would (decimal 2130706433, octal
0177.0.0.1, hex 0x7f.1, short 127.1, [::ffff:127.0.0.1]), so no spelling slips past the check.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class AddressRefused(Exception):
    """A host that resolves to an address the importer must not reach, or to none."""


@dataclass(frozen=True)
class CheckedAddress:
    """An address to connect to, already checked: (family, ip text)."""

    family: int
    ip: str


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Reachable on the public internet: not loopback, private, link-local (169.254.169.254, the
    cloud metadata service), unique-local, carrier-grade NAT, unspecified, multicast or reserved,
    and no IPv6 form (mapped, 6to4, NAT64) wrapping such an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
    return (address.is_global and not address.is_multicast and not address.is_reserved
            and not address.is_unspecified and not address.is_loopback and not address.is_link_local
            and not address.is_private)


def check_public_address(host: str, port: int, *, allow_private: bool = False) -> list[CheckedAddress]:
    """The addresses to connect to for `host`, in the resolver's order: every address it resolves
    to must be public (unless `allow_private`); AddressRefused otherwise."""
    if not host:
        raise AddressRefused("no host name")
    try:
        answers = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise AddressRefused(f"cannot resolve {host} ({error})") from None
    checked = []
    for family, _, _, _, sockaddr in answers:
        text = sockaddr[0].split("%", 1)[0]  # an IPv6 zone ("fe80::1%eth0") is no part of the address
        address = ipaddress.ip_address(text)
        if not allow_private and not is_public_address(address):
            raise AddressRefused(f"{host} is not a public address ({address}); "
                                 "--allow-private-addresses imports from private networks")
        if CheckedAddress(family, text) not in checked:
            checked.append(CheckedAddress(family, text))
    if not checked:
        raise AddressRefused(f"cannot resolve {host}")
    return checked
