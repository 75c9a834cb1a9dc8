### The team: invitations and roles (admins, experts). Sent with parse_mode HTML;
### anything a person typed is escaped in code.

## Invitations (roles)
invite-granted-staff = Done: you are in the working group of “{ $scope }”. /checklist shows the requirements and helps you send proof.
invite-granted-expert = Done: you are an expert of the region “{ $scope }”. /review shows the proof waiting for a check.
invite-granted-expert-all = Done: you are an expert for every region. /review shows the proof waiting for a check.
invite-granted-admin = Done: you are an administrator of the bot.
invite-error-unknown = This invitation link was not found. Check that you copied all of it, or ask for a new one.
invite-error-used = This invitation has already been used. Ask the administrator for a new one.
invite-error-expired = This invitation has expired. Ask the administrator for a new one.
invite-error-revoked = This invitation was revoked. Please contact the administrator.

## Invitations and roles (admins, experts)
adm-not-admin = This command is only for the bot's admins.
adm-invite-role = Whom do you want to invite?
adm-btn-staff = 👥 A centre's working group member
adm-btn-expert = 🔎 An expert
adm-btn-cancel = Cancel
adm-btn-all-regions = 🌐 All regions
adm-pick-region-staff = Which region is the centre in?
adm-pick-region-expert = Which region will the expert review?
adm-pick-centre = Centres — { $region }:
adm-invite-cancelled = OK, no invitation was created.
adm-invite-ready =
    <b>The invitation is ready</b>
    Role: { $role }
    Valid for { $days } { $days ->
    [one] day
   *[other] days
}, until { $date } ({ $zone }), and only once.

    Forward the link to the person it is for:
    { $link }

    Changed your mind or sent it to the wrong person? Revoke it: /invites
adm-role-staff = working group of «{ $scope }»
adm-role-expert = expert of the region «{ $scope }»
adm-role-expert-all = expert of all regions
adm-role-admin = admin
adm-roles-not-allowed = The list of roles is for admins and experts.
adm-roles-empty = No roles yet. Invite someone: /invite
adm-roles-title = <b>Roles</b> ({ $count } in total):
adm-roles-line = { $n }. { $role } — <a href="tg://user?id={ $user_id }">{ $user }</a>, since { $date }
person-unnamed = user { $id }
adm-roles-hint = To revoke a role, tap ✖ with its number.
adm-btn-revoke-n = ✖ { $n }
adm-revoke-confirm = Revoke the role «{ $role }» ({ $user })?
adm-btn-revoke-yes = Yes, revoke
adm-btn-revoke-no = No
adm-revoked = Role revoked.
adm-error-forbidden = You are not allowed to do this.
adm-error-gone = This role no longer exists.
adm-error-scope = Centre or region not found.
adm-btn-invites = 📋 Unused invitations
adm-invites-empty = There are no unused invitations. Create one: /invite
adm-invites-title = <b>Unused invitations</b>: { $count ->
    [one] { $count } link
   *[other] { $count } links
}
adm-invites-line = { $n }. { $role } — created by <a href="tg://user?id={ $user }">{ $user }</a>, valid until { $date } (UTC)
adm-invites-hint = To revoke an invitation, tap ✖ with its number: the link stops working at once.
adm-invite-revoked = Invitation revoked: the link no longer grants the role.
adm-invite-gone-used = This invitation has already been used and cannot be revoked. The role can be revoked in /roles.
adm-invite-gone-revoked = This invitation has already been revoked.
adm-invite-gone-expired = This invitation has already expired.
adm-invite-gone-unknown = This invitation no longer exists.
