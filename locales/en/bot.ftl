### Shared texts: welcome, consent, commands, poster, the command menu of roles.
### Sent with parse_mode HTML. The survey's texts are in survey.ftl, the team's in team.ftl.

welcome =
    Hello! This is a survey about the work of employment centres.
    It takes 3–5 minutes: about 20 short questions, each answered with a button from 1 to 5.
    Your answers help make the centre better.

## Consent
btn-consent-yes = ✅ I agree
btn-consent-no = I do not agree
btn-policy = 📄 Data processing policy
consent-given = Thank you, consent received.
consent-refused =
    Without consent we cannot store your answers, so the survey will not start.
    If you change your mind, send /start.

## Commands
help =
    <b>What this bot does</b>
    The bot runs a survey about the work of employment centres. Answers are anonymous and go into the “Customer-centricity star” index.

    /start — start or continue the survey
    /ask — ask a specialist of the centre (also from any step of the survey with the «❓» button)
    /language — switch the language (русский / English)
    /forget — delete everything the bot keeps about you
    /help — this help

    One person can rate one centre once every { $days } { $days ->
    [one] day
   *[other] days
}. If the survey was interrupted, send /start to continue from the same question.
language-choose = Choose a language:
language-name-ru = Русский
language-name-en = English
language-set = The language is now English.
forget-confirm =
    Delete everything the bot keeps about you: answers, unfinished questionnaires, consent and settings?
    This cannot be undone.
btn-forget-yes = Yes, delete
btn-forget-no = No, keep it
forget-cancelled = All right, nothing is deleted.
forget-done = Done: your data is deleted (questionnaires: { $count }). To take the survey again, send /start.
unknown-input = I understand only buttons and commands. Send /start to take the survey, or /help.
error-apology = Sorry, something went wrong. We are looking into it. Your answers are saved — please try again or send /start.

cmd-start = Start or continue the survey
cmd-help = Help
cmd-language = Change language
cmd-forget = Delete my data

## QR poster
poster-title = Rate your employment centre
poster-subtitle = Point your phone camera at the code — the Telegram bot opens with the centre already chosen. The survey takes 3–5 minutes and is anonymous.
poster-footer = { $link }

## Command menu for roles
cmd-checklist = Checklist requirements and proof
cmd-my_index = The index of my centre or region
cmd-review = Proof waiting for a check
cmd-roles = Roles and revoking them
cmd-invite = Invite staff or an expert
cmd-invites = Unused invitations and revoking them
policy-operator-unset = The data operator is not set (the PRIVACY_OPERATOR setting)
