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
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        public = ip.is_global and not ip.is_multicast
        if not public and not allow_private:
            raise Refused(_("The address is private, loopback or reserved: refused."))
    return addresses[0]


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
