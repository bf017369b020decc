"""Requests to other servers (webhooks, the link check) are never sent to an address inside
the network, whatever form the DNS answer gives it (core/outbound.py)."""

import socket

import pytest

from core import outbound

INSIDE = [
    "127.0.0.1",
    "10.1.2.3",
    "169.254.169.254",  # a cloud's metadata service
    "::1",
    "fe80::1",
    "fec0::1",  # site-local
    "::ffff:10.0.0.1",  # IPv4-mapped
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "::7f00:1",  # IPv4-compatible 127.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    "ff02::1",
]


def answering(monkeypatch, *addresses):
    def getaddrinfo(host, port, *args, **kwargs):
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [
            (family[6 if ":" in a else 4], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("address", INSIDE)
def test_an_address_inside_the_network_is_refused_in_any_form(monkeypatch, address):
    answering(monkeypatch, address)
    with pytest.raises(outbound.Refused):
        outbound.public_address("partner.example", 443)


def test_one_inside_address_among_public_ones_refuses_the_host(monkeypatch):
    answering(monkeypatch, "93.184.216.34", "10.0.0.5")
    with pytest.raises(outbound.Refused):
        outbound.public_address("partner.example", 443)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1::1", "64:ff9b::5db8:d822"])
def test_a_public_address_is_used(monkeypatch, address):
    answering(monkeypatch, address)
    assert outbound.public_address("partner.example", 443) == address
