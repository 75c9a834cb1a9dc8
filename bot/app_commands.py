"""The command menu: everyone's commands, and those shown in the chat of a role holder."""

COMMANDS = ("start", "help", "language", "forget")
ROLE_COMMANDS = {
    "staff": ("checklist", "my_index", "news", "poster", "profiles", "roadmap"),
    "expert": ("review", "my_index", "roles", "profiles", "roadmap"),
    "admin": ("invite", "invites", "roles", "review", "my_index", "poster", "profiles", "roadmap"),
}
