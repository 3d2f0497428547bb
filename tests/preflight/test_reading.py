"""Bounded reading: replayed heads, size caps, lines of bounded length."""

from __future__ import annotations

import io

import pytest

from dataset_schema._preflight.reading import TOO_LONG, Replay, read_lines, skip_line


def replay(head: bytes, rest: bytes, limit: int | None = None, buffer: int = 7) -> io.BufferedReader:
    return io.BufferedReader(Replay(head, io.BytesIO(rest), limit), buffer)


@pytest.mark.parametrize("buffer", [1, 3, 7, 4096])
def test_replay_serves_the_head_then_the_rest(buffer: int) -> None:
    assert replay(b"ab\nc", b"d\nef", buffer=buffer).read() == b"ab\ncd\nef"
    assert list(replay(b"ab\nc", b"d\nef", buffer=buffer)) == [b"ab\n", b"cd\n", b"ef"]


def test_replay_stops_at_the_limit_counting_the_head() -> None:
    assert replay(b"abc", b"defgh", limit=5).read() == b"abcde"
    assert replay(b"abc", b"defgh", limit=2).read() == b"ab"
    assert replay(b"", b"defgh", limit=0).read() == b""


def test_lines_up_to_the_limit_are_kept_longer_ones_stand_for_too_long() -> None:
    data = b"1234\n12345\n123456\n\n123456789012345678901234567890\nend"
    lines = list(read_lines(io.BufferedReader(io.BytesIO(data), 4), limit=5))
    assert lines == [b"1234\n", b"12345\n", TOO_LONG, b"\n", TOO_LONG, b"end"]


def test_a_too_long_last_line_without_newline() -> None:
    assert list(read_lines(io.BytesIO(b"ok\n123456"), limit=5)) == [b"ok\n", TOO_LONG]
    assert list(read_lines(io.BytesIO(b"ok\n12345"), limit=5)) == [b"ok\n", b"12345"]


def test_too_long_is_no_line_a_file_can_hold() -> None:
    assert all(line is not TOO_LONG for line in read_lines(io.BytesIO(TOO_LONG + b"\n" + TOO_LONG)))


def test_skip_line_goes_past_the_newline() -> None:
    stream = io.BufferedReader(io.BytesIO(b"x" * 5_000_000 + b"\nnext\n"), 1024)
    skip_line(stream)
    assert stream.read() == b"next\n"
