"""The rules, one module or package per feature: plain functions and classes over a session,
callable without Telegram (no aiogram here: tests/test_architecture.py). A request a rule
refuses raises services.refusal.Refusal; bot.refusal turns it into text.

Who commits: the owner of the session; a service writes and flushes.
- In an update, DbSessionMiddleware owns the session: it commits when the handler returns and
  rolls back when it fails. A handler commits earlier itself wherever it is about to tell the
  user something that must already be true (durable before acknowledged: a file attached to a
  draft, a decision, news stored before its broadcast starts).
- A scheduler job (bot.scheduler) or a CLI task (bot.cli) opens its own session and commits it
  once its unit of work is done.
A service commits by itself only where the commit is its contract, and says so; these modules,
and no others (tests/test_commit_rule.py):
- claims that make a side effect happen at most once, committed before it: services.updates
  (update ids), services.news.deliveries (one subscriber's copy of a news),
  services.digest.posts (the week's post), services.practices.channel (a practice's channel post);
- the respondent's own records, one whole request per call: services.survey (every answer is
  committed before the bot says "saved") and services.users (language, consent, the blocked
  flag the sender sets outside any update, a subscription);
- history written once per run: services.index.ratings (take_snapshot) and services.demo
  (which takes one);
- an export with its audit entry: services.exports (the file written and "export made" logged
  in one call, in a session of its own in a worker thread or the CLI).
"""
