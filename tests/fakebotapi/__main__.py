"""``python -m tests.fakebotapi --port 8081``: run the fake Bot API for manual testing."""

from tests.fakebotapi.server import main

main()
