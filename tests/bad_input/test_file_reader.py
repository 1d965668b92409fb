"""The bounded file reader: regular files only, capped, never blocking, BOM-tolerant."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from assistant.domain import ConfigError, UserInputError, read_file_bytes, read_file_text


def test_a_fifo_is_refused_at_once_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.toml"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(UserInputError, match="not a regular file"):
        read_file_bytes(fifo, limit=1000)
    assert time.monotonic() - start < 2


def test_a_link_to_dev_zero_is_refused_before_any_byte_is_read(tmp_path: Path) -> None:
    link = tmp_path / "prices.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(UserInputError, match="not a regular file"):
        read_file_bytes(link, limit=1000)


def test_a_folder_a_missing_file_and_a_too_long_name_are_named(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="is a folder, not a file"):
        read_file_bytes(tmp_path, limit=10)
    with pytest.raises(UserInputError, match="does not exist"):
        read_file_bytes(tmp_path / "nope.toml", limit=10)
    with pytest.raises(UserInputError, match="does not exist"):
        read_file_bytes(tmp_path / "nope" / "deeper.toml", limit=10)
    with pytest.raises(UserInputError, match="too long"):
        read_file_bytes(tmp_path / ("x" * 300), limit=10)


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(ConfigError, match="more than the 1000 bytes") as info:
        read_file_bytes(big, limit=1000, what="the config file", error=ConfigError)
    assert info.value.message.startswith("the config file")
    assert read_file_bytes(big, limit=5000) == b"x" * 5000


def test_a_byte_order_mark_is_dropped_and_utf16_with_its_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_bytes(b"\xef\xbb\xbfname = 1\n")
    assert read_file_text(path, limit=100) == "name = 1\n"
    path.write_bytes("name = 1\n".encode("utf-16"))
    assert read_file_text(path, limit=100) == "name = 1\n"


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "spec.toml"
    path.write_bytes(b"a = 1\nb = '\xff'\n")
    with pytest.raises(UserInputError, match=r"not UTF-8 text \(byte 0xff on line 2\)"):
        read_file_text(path, limit=100)
