"""The command menu: everyone's commands, and those shown in the chat of a role holder."""

COMMANDS = ("start", "help", "language", "forget")
ROLE_COMMANDS = {
    "staff": ("checklist", "my_index", "news", "poster", "export"),
    "expert": ("review", "my_index", "roles", "stats", "export"),
    "admin": (
        "invite",
        "invites",
        "roles",
        "review",
        "my_index",
        "poster",
        "stats",
        "export",
        "audit",
    ),
}
