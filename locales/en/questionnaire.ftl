### Respondent questionnaire: question wording, the scale hint,
### names of the index indicators and groups.
### The questionnaire structure (order, indicators, audiences) is in scoring/questionnaires/*.yaml;
### every question with id X has a message q-X here.
### Style: a statement the person rates agreement with on a 1–5 scale (5 is best).

## Scale

q-scale-hint = 1 — strongly disagree, 5 — fully agree. If this has not applied to you, tap “Hard to say”.
q-hard-to-say = Hard to say

## Questions: information and getting in touch

q-M2 = The employment service website of your region makes it easy to find clear information about services.
q-M3 = The employment centre's social media pages explain its services and news clearly.
q-M4 = On the hotline (contact centre), my questions get clear and to-the-point answers.
q-M5 = I can contact the centre in the way that suits me: in person, by phone or online.
q-M6 = The centre responds quickly to my questions and requests.
q-M8 = It is easy to book an appointment in advance at a time that suits me.

## Questions: the visit

q-K3 = The employment centre is easy and quick to get to.
q-M1 = Inside the employment centre it is clearly shown what services there are and where to go: on boards, leaflets, screens.
q-K1-seeker = The centre is comfortable: it is clean, there is somewhere to sit while waiting, drinking water, a toilet, a children's corner.
q-K1-employer = The centre is a good place for meetings and interviews with candidates: there is a suitable room, it is clean and comfortable.
q-K2 = I am not sent from office to office: the centre's departments work together smoothly.
q-M7-seeker = Doing the paperwork at the centre is simple: the forms are clear, no needless certificates are asked for, staff help fill them in.
q-M7-employer = Submitting vacancy details and other documents to the centre is simple: the forms are clear, no needless paperwork.

## Questions: the staff

q-D1 = The centre's staff know their job well.
q-D2 = The staff are polite, listen carefully and explain things clearly.
q-K4 = The centre's staff look neat and professional.
q-A1 = I have “my own” contact person at the centre: they know my situation, and I can reach them directly.
q-A2-seeker = I am offered what suits me personally: my health, family, work experience and where I live are taken into account.
q-A2-employer = The centre takes our company's specifics into account: what we do, which workers we need, our working hours.
q-D3 = I can approach the centre's management with a question, complaint or suggestion — and get a reply.

## Questions: the result

q-P3 = The centre holds useful events for job seekers: job fairs, meetings with employers, training.
q-P2 = The centre helps us find suitable candidates for our vacancies.
q-P1-seeker = Contacting the employment centre was useful for me: I really got help.
q-P1-employer = Overall, working with the employment centre is of real benefit to our company.

## Indicator groups (star-2023 and the 2022 pilot)

group-D = Friendliness and partnership
group-P = Usefulness of the visit
group-M = Minimum client effort
group-A = Personal approach
group-K = Comfort and convenience
group-L = Ease

## star-2023 indicators

indicator-D1 = Staff professionalism
indicator-D2 = Staff courtesy and communication
indicator-D3 = Open management
indicator-P1 = Usefulness of the visit
indicator-P2 = Growth of the vacancy base
indicator-P3 = Events for job seekers
indicator-M1 = Information at the centre
indicator-M2 = Information on the website
indicator-M3 = Information on social media
indicator-M4 = Information from the hotline
indicator-M5 = Convenient contact channels
indicator-M6 = Quick response
indicator-M7 = Simple procedures and paperwork
indicator-M8 = Booking in advance
indicator-A1 = Personal consultant
indicator-A2 = Personal circumstances considered
indicator-K1 = Comfort at the centre
indicator-K2 = Coordination between departments
indicator-K3 = Transport accessibility
indicator-K4 = Staff appearance

## Indicators of the 2022 pilot only (group L)

indicator-L1 = Clear information
indicator-L2 = Employment service website
indicator-L3 = Convenient contact channels
indicator-L4 = Quick response
indicator-L5 = Simple procedures and paperwork
indicator-L6 = Booking in advance
