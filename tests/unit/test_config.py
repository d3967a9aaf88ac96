"""Stage settings read from the environment."""

from __future__ import annotations


def test_message_origins_are_written_as_browsers_write_them(monkeypatch):
    from chalicelib import config

    monkeypatch.setenv("EMBED_MESSAGE_ORIGINS", "https://Partner.example/ http://a.example:80 *")
    assert config.read().message_origins == ("https://partner.example", "http://a.example", "*")
