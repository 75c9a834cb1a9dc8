"""The command menu: everyone's commands, and those shown in the chat of a role holder."""

COMMANDS = ("start", "ask", "help", "language", "forget", "practices")
ROLE_COMMANDS = {
    "staff": (
        "checklist",
        "my_index",
        "news",
        "poster",
        "practice",
        "export",
        "tickets",
        "templates",
    ),
    "expert": (
        "review",
        "my_index",
        "roles",
        "practice",
        "practice_review",
        "stats",
        "export",
        "tickets",
        "templates",
    ),
    "admin": (
        "invite",
        "invites",
        "roles",
        "review",
        "my_index",
        "poster",
        "practice_review",
        "stats",
        "export",
        "audit",
        "tickets",
    ),
}
