"""The command menu: everyone's commands, and those shown in the chat of a role holder."""

COMMANDS = ("start", "ask", "help", "language", "forget")
ROLE_COMMANDS = {
    "staff": ("checklist", "my_index", "news", "poster", "tickets", "templates"),
    "expert": ("review", "my_index", "roles", "tickets", "templates"),
    "admin": ("invite", "invites", "roles", "review", "my_index", "poster", "tickets"),
}
