### /audit — the log of admins' and experts' actions. parse_mode HTML.

cmd-audit = The log of admins' and experts' actions
audit-not-admin = The audit log is for admins only.
audit-title = 🗂 <b>Audit log</b> — { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}, newest first
audit-filter-kind = Action: { $kind }
audit-filter-person = Who: { $person }
audit-line = <b>{ $at }</b> · { $actor }
    { $kind } · { $object }
    { $detail }
audit-empty = No entries.
audit-actor-cli = command line
audit-btn-kind = 🔎 Action
audit-btn-person = 👤 Who
audit-btn-clear = ✖ Clear filters
audit-btn-export = 📥 Excel
audit-any-kind = Any action
audit-anyone = Everyone
audit-pick-kind = Which actions?
audit-pick-person = Whose actions?
audit-kind-invite_created = Invitation created
audit-kind-invite_used = Invitation used
audit-kind-invite_revoked = Invitation revoked
audit-kind-role_granted = Role granted
audit-kind-role_revoked = Role revoked
audit-kind-objective_changed = Objective indicators changed
audit-kind-evidence_accepted = Evidence accepted
audit-kind-evidence_rejected = Evidence rejected
audit-kind-export_made = Export
