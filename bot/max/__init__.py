"""MAX (max.ru) under aiogram: a session that speaks MAX's platform API (bot.max.session).

aiogram's routers, filters, FSM and every handler stay as they are: the session translates
the Bot API methods the bot calls into MAX requests (bot.max.outgoing) and MAX's updates into
aiogram `Update`s (bot.max.incoming), with MAX's ids kept apart from Telegram's
(bot.max.ids) and MAX's string message ids mapped to integers in the database
(bot.max.message_ids). docs/ARCHITECTURE.md, "MAX", says why this shape.
"""
