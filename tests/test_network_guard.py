"""The suite runs offline: the guard stops connections beyond loopback and lets loopback through."""

from __future__ import annotations

import socket
import threading

import pytest

from tests.network_guard import NetworkBlockedError


def test_a_connection_beyond_loopback_fails_the_test() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with sock, pytest.raises(NetworkBlockedError):
        sock.connect(("93.184.215.14", 443))


def test_a_dns_lookup_of_a_public_name_fails_the_test() -> None:
    with pytest.raises(NetworkBlockedError, match=r"api\.binance\.com"):
        socket.getaddrinfo("api.binance.com", 443)
    with pytest.raises(NetworkBlockedError):
        socket.create_connection(("example.org", 80), timeout=1)


def test_loopback_still_works() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted = threading.Thread(target=lambda: server.accept()[0].close())
    accepted.start()
    with socket.create_connection(("localhost", port), timeout=5):
        pass
    accepted.join(5)
    server.close()
