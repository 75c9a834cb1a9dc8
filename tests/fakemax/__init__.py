"""A local fake of MAX's Bot API (platform-api.max.ru) for the tests (see server.py)."""

from tests.fakemax.server import FakeMax, MaxCall

__all__ = ["FakeMax", "MaxCall"]
