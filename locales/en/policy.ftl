### Personal-data texts: the consent screen before the survey and the full policy.
### The bot sends them with parse_mode HTML: only <b> tags are used, and the
### less-than, greater-than and ampersand characters are avoided in the text.
### policy-text variables: $operator — the data operator, $contact — where to write,
### $retention_days — how long answers are kept, in days (a number).

consent-text =
    <b>Before we start: about your data</b>

    We keep only your answers (including whether you are looking for a job or represent an employer), the employment centre you chose, the language and the date of the survey.

    Answers are stored anonymously: they are linked to a one-way code, not to your Telegram account.

    Why: to calculate a score for the employment centre and help make it better.
    Who sees it: only combined results, never one person's answers.
    A question to a specialist (data you give) is deleted after it closes.
    Changed your mind? Send /forget to delete everything.

    By tapping the consent button you agree to this processing under Russian Federal Law No. 152-FZ “On Personal Data”.

policy-text =
    <b>Personal data processing policy</b>
    Telegram survey bot “Employment Centre Customer-Centricity Star”

    <b>1. Operator.</b> { $operator }. Questions and requests: { $contact }.

    <b>2. Purposes.</b> To calculate the “Employment Centre Customer-Centricity Star” index — a measure of how convenient and useful people find employment centres — for each centre, region and the country; to follow how it changes; to improve the centres' work. Nothing else, and no advertising. The bot sends a centre's news only to those who subscribed themselves: after the survey you can tap “🔔 Let me know” to learn what the centre changed after the feedback. Unsubscribe with the button under any such message or with /forget.

    <b>3. What we store.</b>
    • your answers to the questionnaire: ratings from 1 to 5 or “Hard to say”;
    • whether you are looking for a job or represent an employer;
    • the employment centre you chose;
    • the language you use with the bot;
    • the date and time of the survey;
    • if you subscribed to a centre's news, the id of your chat with the bot, encrypted, to deliver it.
    • if you asked a specialist: the question with any photo or file, the answers, your rating and your chat id, encrypted, to deliver the answer. It is data you chose to give. Staff see the question's number, never your name or account. It is deleted { $ticket_days ->
        [one] { $ticket_days } day
       *[other] { $ticket_days } days
    } after the question closes, or at once with /forget.
    We do not ask for or store your name, phone number, address, documents, Telegram username or profile photo.

    <b>4. How answers are linked to you.</b> Your Telegram ID is not stored in readable form. A one-way code (a keyed hash) is computed from it with a secret key, and your answers are linked only to that code. The code cannot reveal who you are. It is needed to find and delete your answers when you ask. The chat id for news is kept apart from the answers and is not linked to them.

    <b>5. Who sees the results.</b> Staff of employment centres and employment authorities, as well as public ratings, see only combined results: average ratings and the index for a centre, a region, the country. One person's answers are never shown and are not passed to third parties.

    <b>6. Legal basis.</b> Your consent to the processing of personal data (Article 6(1)(1) and Article 9 of Russian Federal Law No. 152-FZ of 27 July 2006 “On Personal Data”). You give it in the bot before the survey. Taking part is voluntary: without consent the survey simply does not start.

    <b>7. Retention.</b> Answers are kept for { $retention_days ->
        [one] { $retention_days } day
       *[other] { $retention_days } days
    } from the date of the survey and then deleted. Index values already calculated for past periods stay in the history: they contain no individual answers.

    <b>8. Your rights.</b> You can withdraw your consent and have your data deleted at any time: send the bot the /forget command, and we will delete your answers and the code. You also have the right to information about the processing of your data and to have it corrected (Article 14 of Law No. 152-FZ): write to { $contact }. If you believe your rights have been violated, you can complain to Roskomnadzor, the Russian data protection authority.

    <b>9. Security.</b> Only those who need it to run the bot have access to the data. The secret key is kept separately from the answers.

    <b>10. Telegram.</b> Messages to and from the bot pass through Telegram, which has its own terms. The bot uses from Telegram only what the survey needs.
