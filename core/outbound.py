"""Requests to other servers that a link or an address given by someone cannot turn inward
(no SSRF): the webhooks (``subscriptions/webhooks.py``) and the link check
(``archive/linkcheck.py``).

The host is resolved once, every address it resolves to must be public (not private,
loopback, link-local, multicast, reserved or unspecified, IPv4-mapped ones included) unless
the caller allows private ones, and the connection goes to that checked address (the Host
header, and for https the SNI and certificate check, still name the host). A DNS answer that
changes between the check and the connection (DNS rebinding) therefore cannot send the
request inside. http.client never follows redirects: each caller treats a 3xx as an answer.
"""

import http.client
import ipaddress
import socket
import ssl

from django.utils.translation import gettext as _


class Refused(Exception):
    """An address the site will not connect to."""


class NoSuchHost(Refused):
    """A host name that does not resolve."""


def public_address(host, port, *, allow_private=False):
    """The first address ``host`` resolves to, if every one of them is public (or
    ``allow_private``); else ``Refused``."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NoSuchHost(_("The host name does not resolve.")) from error
    addresses = [answer[4][0] for answer in answers]
    for address in addresses:
        if not allow_private and not is_public(ipaddress.ip_address(address.split("%")[0])):
            raise Refused(_("The address is private, loopback or reserved: refused."))
    return addresses[0]


# IPv6 prefixes that carry an IPv4 address in their last 32 bits: NAT64 (RFC 6052) and the
# deprecated IPv4-compatible form. Through a NAT64 gateway, 64:ff9b::a9fe:a9fe *is*
# 169.254.169.254.
EMBEDS_IPV4 = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96")]


def is_public(ip):
    """Whether ``ip`` is a public unicast address, and so is any IPv4 address it carries
    (IPv4-mapped, NAT64, IPv4-compatible, 6to4, Teredo); site-local IPv6 is not public."""
    if ip.is_multicast or not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv4Address):
        return True
    if ip.is_site_local:
        return False
    carried = ip.ipv4_mapped or ip.sixtofour or (ip.teredo and ip.teredo[1])
    if carried is None and any(ip in network for network in EMBEDS_IPV4):
        carried = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return carried is None or is_public(carried)


def connection(scheme, host, port, *, timeout, allow_private=False):
    """An unopened ``http.client`` connection to ``host`` that will only ever connect to the
    address checked now (reconnections included)."""
    address = public_address(host, port, allow_private=allow_private)
    pinned = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    return pinned(host, port, address, timeout)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
