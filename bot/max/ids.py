"""MAX's ids in aiogram's integers, disjoint from Telegram's, and stable update ids.

Telegram documents its user and chat ids as at most 52 significant bits: users are in
(0, 2**52), groups and channels in (-2**52, 0). MAX's ids (int64 in its schema, about 10**9
today) are accepted up to `MAX_ID_BOUND` = 2**50 in magnitude and moved out of that range:

- a MAX user u (0 < u < 2**50) is the aiogram user and private chat 2**52 + u;
- a MAX group or channel chat c (|c| < 2**50) is the aiogram chat -(2**52 + 2**50 + c).

So Telegram user 123 and MAX user 123 are different people everywhere a user id is keyed
(Pseudonyms' keyed hashes, roles, FSM keys, subscriptions), with no column added; every value
stays below 2**53 in magnitude (exact as a JSON number anywhere). An id outside the bound is
refused (`MaxIdOutOfRange`) rather than folded onto somebody else.

MAX updates carry no update_id. `update_id()` derives one from what MAX gives: the update's
timestamp in milliseconds shifted left by 20 bits, plus 20 bits of a BLAKE2 hash of the
callback id (a button press), the message id (a message) or the user and type (bot_started).
The same update delivered twice gets the same id (the inbox and the webhook claims
deduplicate it); ids grow with time (the inbox replays oldest first); they are above 2**60,
far from Telegram's update ids, so two processes may share the processed_updates table. Two
different updates collide only within the same millisecond and the same 20-bit hash.
"""

from __future__ import annotations

import hashlib

MAX_ID_BOUND = 2**50
USER_BASE = 2**52
CHAT_BASE = 2**52 + 2**50
_HASH_BITS = 20


class MaxIdOutOfRange(ValueError):
    """A MAX id beyond MAX_ID_BOUND: it could not be kept apart from Telegram's ids."""


def _check(value: int) -> int:
    if not -MAX_ID_BOUND < value < MAX_ID_BOUND:
        raise MaxIdOutOfRange(f"MAX id {value} is outside ±2**50 (bot.max.ids)")
    return value


def user_to_bot(max_user_id: int) -> int:
    """The aiogram id (user and private chat) of a MAX user."""
    if _check(max_user_id) <= 0:
        raise MaxIdOutOfRange(f"MAX user id {max_user_id} is not positive")
    return USER_BASE + max_user_id


def chat_to_bot(max_chat_id: int) -> int:
    """The aiogram id of a MAX group or channel chat (negative, like Telegram's)."""
    return -(CHAT_BASE + _check(max_chat_id))


def is_max_user(bot_id: int) -> bool:
    return USER_BASE < bot_id < USER_BASE + MAX_ID_BOUND


def is_max_chat(bot_id: int) -> bool:
    return -(CHAT_BASE + MAX_ID_BOUND) < bot_id < -(CHAT_BASE - MAX_ID_BOUND)


def recipient(chat_id: int | str) -> tuple[str, int]:
    """The query parameter MAX wants for an aiogram chat id: ("user_id", u) or ("chat_id", c).

    A number outside both ranges (a CHANNEL_ID written as MAX shows it) is taken as a MAX
    chat id as it is.
    """
    if isinstance(chat_id, str):
        text = chat_id.strip()
        if not text.lstrip("-").isdigit():
            raise ValueError(f"MAX addresses chats by number, not {chat_id!r}")
        chat_id = int(text)
    if is_max_user(chat_id):
        return "user_id", chat_id - USER_BASE
    if is_max_chat(chat_id):
        return "chat_id", -chat_id - CHAT_BASE
    return "chat_id", _check(chat_id)


def update_id(timestamp_ms: int, key: str) -> int:
    """A stable, time-ordered update id for a MAX update (see the module docstring)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest()
    low = int.from_bytes(digest, "big") & ((1 << _HASH_BITS) - 1)
    return (max(0, timestamp_ms) << _HASH_BITS) | low
