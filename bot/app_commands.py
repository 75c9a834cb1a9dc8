"""The command menu: everyone's commands, and those shown in the chat of a role holder."""

COMMANDS = ("start", "help", "language", "forget", "practices")
ROLE_COMMANDS = {
    "staff": ("checklist", "my_index", "news", "poster", "practice"),
    "expert": ("review", "my_index", "roles", "practice", "practice_review"),
    "admin": ("invite", "invites", "roles", "review", "my_index", "poster", "practice_review"),
}
