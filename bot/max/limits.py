"""MAX's limits for the one Sender (bot.sender.Limits) and for texts (bot.max.outgoing).

MAX documents 30 requests a second for a bot, the same overall figure as Telegram's; it
publishes no per-chat figure, so Telegram's (one a second in a private chat, 20 a minute in
a group or channel) are kept, the cautious choice. A text is at most 4,000 characters
(outgoing.MAX_TEXT, refused before it is sent); an album is one message of several images,
so it costs one request, yet the Sender still counts one per photo (cautious again).
"""

from __future__ import annotations

from bot.sender import Limits

MAX_LIMITS = Limits(per_second=30, private_per_second=1, group_per_minute=20)
