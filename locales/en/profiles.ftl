# /profiles: client-group profiles of a region (seed 002)
cmd-profiles = Client-group profiles of the region

profiles-not-allowed = Client-group profiles are kept by the centres' working groups and the regions' experts. If you work at a centre, ask an administrator for an invitation.
profiles-pick-region = Profiles of which region?
profiles-list-title = 👥 <b>Client-group profiles — { $region }</b>
    { $count } of { $target } written (at least { $target } are needed, each refreshed at least once a year).
profiles-item = { $n }. <b>{ $name }</b> ({ $kind }) — { $age }
profiles-list-empty = No profiles yet. There is no "average client": describe the groups the region's centres work with.
profiles-list-hint = Open a profile with the button of its number; a new one with "➕ New profile".
profiles-age = { $months ->
    [0] updated this month
   *[other] updated { $months } { $months ->
        [one] month
       *[other] months
    } ago
}
profiles-needs-refresh = ⚠️ needs a refresh
profiles-kind-seekers = job seekers
profiles-kind-employers = employers
profiles-button-new = ➕ New profile
profiles-button-edit = ✏️ Edit
profiles-button-list = 📋 All profiles of the region
profiles-button-resume = ▶️ Continue the draft
profiles-button-discard = 🗑 Discard the draft
profiles-button-skip = ⏭ Skip
profiles-button-keep = ⏭ Keep as it is
profiles-button-save = 💾 Save the profile
profiles-button-cancel = ✖️ Cancel
profiles-pick-kind = Whom does the profile describe?
profiles-ask-name = What is the group called ({ $kind })? For example: "Pre-retirement people", "Young parents", "Small-business owners". Up to { $limit } characters.
profiles-ask-field = Step { $step } of { $total } · { $section }
    <b>{ $label }</b>
profiles-hint-text = One message, up to { $limit } characters. You may skip it.
profiles-hint-lines = A list: one item per line, up to { $items } items of up to { $limit } characters. You may skip it.
profiles-hint-choice = Choose an option with a button, or skip.
profiles-current = Now: { $value }
profiles-not-text = A text is needed here: send the answer as a message or tap a button under the question.
profiles-draft-waiting = 📝 You have an unsaved draft profile "{ $name }". Continue it?
profiles-draft-discarded = The draft was discarded.
profiles-cancelled = Cancelled, the profile was not saved. Start again: /profiles.
profiles-saved = ✅ The profile is saved.
profiles-updated = ✅ The profile is updated; its age counts from now.
profiles-card-caption = <b>{ $name }</b> ({ $kind }), { $region }
    { $age }
profiles-practices = 📚 { $count ->
    [one] { $count } practice of the base is linked to this profile
   *[other] { $count } practices of the base are linked to this profile
}
profiles-button-practices = 📚 Practices with this profile ({ $count })

profiles-error-forbidden = Only the working group and the experts of this profile's region can do this.
profiles-error-gone = This profile no longer exists.
profiles-error-empty = An empty answer. Write a text or tap "Skip".
profiles-error-too_long = ✂️ Too long: { $length } characters, the limit is { $limit }. Shorten it and send it again — everything you entered before is kept.
profiles-error-too_many = Too many items: { $count }, the limit is { $limit }. Merge or shorten the list and send it again.
profiles-error-kind = Unknown kind of profile.
profiles-error-choice = This one is a choice: tap one of the buttons under the question.
profiles-error-stale = This button no longer works.

# /my_index for experts and the working groups' reminders
profiles-summary = 👥 Client-group profiles: { $count } of { $target }.
profiles-summary-overdue = ⚠️ Need a refresh ({ $count }): { $names }.
profiles-summary-hint = The region's client-group profiles: /profiles
