"""Outcomes pages: answering, My progress, group effectiveness, the research report.

Who sees what: a member sees only their own answers; facilitators see aggregates for their own
groups (suppressed below 5 people); admins see every group, the organisation and the research
report (consenting members only, de-identified).
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts.roles import acts_as_admin
from alongside.core import text
from alongside.core.audit import record_audit_event
from alongside.groups import access
from alongside.groups.models import Group
from alongside.groups.queries import groups_of
from alongside.outcomes import actions, charts, instruments, queries, scoring
from alongside.outcomes.forms import QuestionnaireForm, ScheduleSettingsForm
from alongside.outcomes.models import CheckIn, OtherGroupsOffer, OutcomeSettings, Response
from alongside.outcomes.report import identification_report
from alongside.safety.crisis_lines import lines_for

EXPLANATIONS = {
    "phq9": gettext_lazy(
        "The PHQ-9 asks how often nine common signs of low mood have bothered you over the last "
        "two weeks. Lower scores mean they bothered you less. Everyone's scores go up and down, "
        "and a score is not a diagnosis: it is one way to notice change over time."
    ),
    "gad7": gettext_lazy(
        "The GAD-7 asks how often seven common signs of anxiety have bothered you over the last "
        "two weeks. Lower scores mean they bothered you less. Ups and downs are normal; what "
        "matters is how things move over weeks and months."
    ),
    "ucla3": gettext_lazy(
        "Three questions about feeling left out or isolated, from 3 to 9. Lower scores mean "
        "feeling less lonely. Being part of a group often helps with this over time."
    ),
    "id4": gettext_lazy(
        "How much you feel part of a group, from 1 to 7 (the average of four statements). "
        "Research suggests that feeling part of a group is linked with feeling better."
    ),
    "id1": gettext_lazy("How much you identify with a group, from 1 to 7."),
    "feedback": gettext_lazy(
        "Your feedback about sessions, from 1 to 5. It helps facilitators "
        "make groups better; they only ever see totals from 5 or more people."
    ),
    "phq2": gettext_lazy("A two-question check on mood, from 0 to 6."),
    "gad2": gettext_lazy("A two-question check on anxiety, from 0 to 6."),
}

BAND_WORDS = {
    "minimal": gettext_lazy("minimal"),
    "mild": gettext_lazy("mild"),
    "moderate": gettext_lazy("moderate"),
    "moderately severe": gettext_lazy("moderately severe"),
    "severe": gettext_lazy("severe"),
    "positive": gettext_lazy("worth a fuller check-in"),
    "negative": gettext_lazy("below the usual threshold"),
}

CHART_MEASURES = ("phq9", "gad7", "ucla3", "id4", "feedback")


def _my_group(request: HttpRequest, slug: str | None) -> Group | None:
    if not slug:
        return None
    group = get_object_or_404(Group, slug=slug)
    if not access.is_member(request.user, group):
        raise PermissionDenied(_("You can answer this only about a group you belong to."))
    return group


# --- Member pages --------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("outcomes:progress")


@login_required
def progress(request: HttpRequest) -> HttpResponse:
    user = request.user
    actions.refresh_schedule(user)
    responses = list(queries.my_responses(user))
    joins = queries.join_dates(user)
    sections = []
    for key in CHART_MEASURES:
        instrument = instruments.get(key, get_language())
        mine = [r for r in responses if r.instrument == key]
        if not mine:
            continue
        bands = [(lo, hi, str(BAND_WORDS[name])) for lo, hi, name in scoring.BANDS.get(key, ())]
        label = _("%(name)s over time: %(n)s check-ins, latest %(score)s") % {
            "name": instrument.name,
            "n": len(mine),
            "score": _fmt(mine[-1].score),
        }
        svg = charts.time_chart(
            label,
            [(r.created_at, r.score) for r in mine],
            y_min=instrument.min_score,
            y_max=instrument.max_score,
            y_label=instrument.name,
            bands=bands,
            marks=[(at, str(n)) for n, (at, _name) in enumerate(joins, start=1)],
        )
        sections.append(
            {
                "key": key,
                "instrument": instrument,
                "responses": mine,
                "svg": svg,
                "explanation": EXPLANATIONS[key],
                "latest": mine[-1],
            }
        )
    memberships = [m for m in groups_of(user) if m.status == "active"]
    return render(
        request,
        "outcomes/progress.html",
        {
            "due": queries.due_checkins(user),
            "sections": sections,
            "memberships": memberships,
            "email_reminders": queries.email_reminders_on(user),
            "research_consent": queries.has_research_consent(user),
            "joins": joins,
            "personal": [
                instruments.get(k, get_language())
                for k in ("phq9", "gad7", "ucla3", "phq2", "gad2")
            ],
        },
    )


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


@login_required
def answer(request: HttpRequest, instrument: str) -> HttpResponse:
    try:
        # The version in the reader's language (PHQ-9 and GAD-7 in Spanish for Spanish speakers);
        # one with no sourced translation comes in English, and the page says why.
        questionnaire = instruments.get(instrument, get_language())
    except KeyError:
        raise Http404 from None
    group = _my_group(request, request.GET.get("group") or request.POST.get("group"))
    if questionnaire.about_group and group is None:
        return render(
            request,
            "outcomes/choose_group.html",
            {
                "instrument": questionnaire,
                "memberships": [m for m in groups_of(request.user) if m.status == "active"],
            },
        )
    checkin = None
    try:
        checkin_id = text.query_int(
            request.GET.get("checkin") or request.POST.get("checkin"), minimum=1
        )
    except text.BadNumber:
        checkin_id = None  # a stale or mangled link: answer without tying it to a check-in
    if checkin_id is not None:
        checkin = CheckIn.objects.filter(pk=checkin_id, user_id=int(request.user.pk or 0)).first()
    elif group is not None:  # a link from elsewhere (a meeting page) answers the open check-in
        checkin = (
            CheckIn.objects.filter(
                user_id=int(request.user.pk or 0),
                instrument=instrument,
                group=group,
                status=CheckIn.Status.OPEN,
            )
            .order_by("-due_at")
            .first()
        )
    form = QuestionnaireForm(questionnaire, group.name if group else "", request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = actions.submit_response(
                request.user,
                questionnaire.key,
                {k: form.cleaned_data.get(k) for k in form.fields},
                group=group,
                checkin=checkin,
                language=questionnaire.language,
            )
        except scoring.AnswersInvalid as exc:
            for key, message in exc.errors.items():
                form.add_error(key if key in form.fields else None, message)
        except actions.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("outcomes:result", pk=response.pk)
    return render(
        request,
        "outcomes/answer.html",
        {
            "instrument": questionnaire,
            "form": form,
            "group": group,
            "checkin": checkin,
            "stem": questionnaire.stem.replace("[group]", group.name if group else ""),
            "in_english": questionnaire.language != (get_language() or "en").split("-")[0],
        },
    )


@login_required
def result(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the person who answered ever sees a response: everyone else gets "not found".
    response = get_object_or_404(Response, pk=pk, user_id=request.user.pk)
    instrument = instruments.get(response.instrument, get_language())
    answers = response.answers
    item9 = response.instrument == "phq9" and scoring.item9_positive(answers)
    return render(
        request,
        "outcomes/result.html",
        {
            "crisis_lines": _crisis_lines(getattr(request.user, "country", "")) if item9 else [],
            "response": response,
            "instrument": instrument,
            "score": _fmt(response.score),
            "band_word": BAND_WORDS.get(response.band, ""),
            "explanation": EXPLANATIONS.get(response.instrument, ""),
            "item9": item9,
            "screen_positive": response.instrument in ("phq2", "gad2")
            and response.band == "positive",
            "full_version": "phq9" if response.instrument == "phq2" else "gad7",
            # Identification low twice in a row: other groups, offered here at once (and on the home page).
            "offers": [
                o
                for o in queries.other_groups_offers(request.user)
                if o["group"].pk == response.group_id
            ]
            if response.instrument in actions.IDENTIFICATION_MEASURES
            else [],
        },
    )


def _crisis_lines(country: str) -> list[dict[str, str]]:
    """The person's crisis lines (safety's table) that have a number to call; with none, the
    page shows the general message and the link only."""
    lines = lines_for(country)
    return [line for line in lines if line.get("numbers")]


def _own_checkin(request: HttpRequest, pk: int) -> CheckIn:
    return get_object_or_404(CheckIn, pk=pk, user_id=request.user.pk)


@login_required
@require_POST
def skip(request: HttpRequest, pk: int) -> HttpResponse:
    actions.skip_checkin(request.user, _own_checkin(request, pk))
    messages.success(request, _("Skipped. That's fine: check-ins are always optional."))
    return redirect("outcomes:progress")


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        actions.snooze_checkin(request.user, _own_checkin(request, pk))
    except actions.OutcomeError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("We'll ask again in a few days."))
    return redirect("outcomes:progress")


@login_required
@require_POST
def dismiss_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """The member keeps their group: the suggestion of other groups goes away (only theirs)."""

    offer = get_object_or_404(OtherGroupsOffer, pk=pk, user_id=request.user.pk)
    actions.dismiss_other_groups_offer(request.user, offer)
    messages.success(request, _("Thank you. We're glad you're staying."))
    return redirect("home")


@login_required
@require_POST
def reminders(request: HttpRequest) -> HttpResponse:
    enabled = request.POST.get("email_reminders") == "on"
    actions.set_email_reminders(request.user, enabled)
    messages.success(
        request, _("E-mail reminders are on.") if enabled else _("E-mail reminders are off.")
    )
    return redirect("outcomes:progress")


@login_required
def export_mine(request: HttpRequest) -> HttpResponse:
    """My own data, every response with its answers, as CSV."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-check-ins.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["date", "questionnaire", "group", "occasion", "score", "band", "item", "answer"]
    )
    for r in queries.my_responses(request.user):
        instrument = instruments.get(r.instrument, r.language)  # the wording they read
        answers = r.answers
        for item in instrument.items:
            if item.key not in answers:
                continue
            writer.writerow(
                [
                    r.created_at.isoformat(),
                    instrument.name,
                    r.group.name if r.group else "",
                    r.occasion,
                    _fmt(r.score),
                    r.band,
                    instrument.item_text(item, r.group.name if r.group else ""),
                    answers[item.key],
                ]
            )
    return response


@login_required
def research_consent(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        give = request.POST.get("decision") == "give"
        actions.set_research_consent(request.user, give)
        messages.success(
            request,
            _("Thank you: your check-ins may now be included in de-identified research.")
            if give
            else _("Your consent is withdrawn: your check-ins are no longer included in research."),
        )
        return redirect("outcomes:research_consent")
    return render(
        request,
        "outcomes/research_consent.html",
        {
            "consented": queries.has_research_consent(request.user),
        },
    )


# --- Staff pages ---------------------------------------------------------------------------


def _effectiveness_context(eff: queries.Effectiveness) -> dict[str, Any]:
    def v(cell: Any) -> float | None:
        return cell.value if cell.shown else None

    ident_svg = ""
    shown_ident = [(o, c) for o, c in eff.identification if c.shown]
    if shown_ident:
        ident_svg = charts.bar_chart(
            _("Average identification with the group at each check-in point"),
            [_occasion_label(o) for o, _c in shown_ident],
            {_("Identification"): [c.value for _o, c in shown_ident]},
            y_min=1,
            y_max=7,
            y_label=_("1 to 7"),
        )
    change_svg = ""
    if any(c.shown for c in (eff.phq9_first, eff.phq9_last, eff.gad7_first, eff.gad7_last)):
        change_svg = charts.bar_chart(
            _("Average PHQ-9 and GAD-7 at the first and the latest check-in"),
            [_("First"), _("Latest")],
            {
                "PHQ-9": [v(eff.phq9_first), v(eff.phq9_last)],
                "GAD-7": [v(eff.gad7_first), v(eff.gad7_last)],
            },
            y_min=0,
            y_max=27,
            y_label=_("Average score"),
        )
    return {
        "eff": eff,
        "identification_rows": [(_occasion_label(o), c) for o, c in eff.identification],
        "ident_svg": ident_svg,
        "change_svg": change_svg,
    }


def _occasion_label(occasion: str) -> str:
    if occasion.startswith("after-"):
        return _("After meeting or week %(n)s") % {"n": occasion.split("-", 1)[1]}
    return _("Other times")


@login_required
def group_effectiveness(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Group, slug=slug)
    if not access.can_manage(request.user, group):
        raise PermissionDenied(
            _("Group effectiveness is for this group's facilitators and admins.")
        )
    eff = queries.effectiveness([group], group.name)
    return render(
        request,
        "outcomes/effectiveness.html",
        {
            "group": group,
            **_effectiveness_context(eff),
            "offered": queries.other_groups_offered_cell(group),
        },
    )


def _admin_only(request: HttpRequest) -> None:
    if not acts_as_admin(request.user):
        raise PermissionDenied(_("This page is for admins."))


@login_required
def organisation(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    cfg = OutcomeSettings.current()
    form = ScheduleSettingsForm(
        request.POST or None,
        initial={
            "checkin_interval_weeks": cfg.checkin_interval_weeks,
            "identification_after": cfg.identification_after,
            "email_reminders": cfg.email_reminders,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_outcome_settings(request.user, **form.cleaned_data)
        except actions.OutcomeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The check-in schedule is saved."))
            return redirect("outcomes:organisation")
    groups = list(Group.objects.order_by("name"))
    overall = queries.effectiveness(groups, _("All groups"))
    rows = [(g, queries.effectiveness([g], g.name)) for g in groups]
    return render(
        request,
        "outcomes/organisation.html",
        {
            "form": form,
            "rows": rows,
            **_effectiveness_context(overall),
        },
    )


@login_required
def research_report(request: HttpRequest) -> HttpResponse:
    _admin_only(request)
    participants = queries.research_participants()
    record_audit_event(request.user, "outcomes.research_report_viewed", people=len(participants))
    report = identification_report(participants)
    svg = ""
    s = report.median_split
    if s is not None and s.strong.share is not None and s.weak.share is not None:
        svg = charts.bar_chart(
            _(
                "Share still above the threshold at follow-up: strong %(strong)s%%, weak %(weak)s%% "
                "(median split)"
            )
            % {
                "strong": round(s.strong.share.estimate * 100),
                "weak": round(s.weak.share.estimate * 100),
            },
            [_("Strong identifiers"), _("Weak identifiers")],
            {_("Still above threshold"): [s.strong.share.estimate, s.weak.share.estimate]},
            intervals={
                _("Still above threshold"): [
                    (s.strong.share.low, s.strong.share.high),
                    (s.weak.share.low, s.weak.share.high),
                ]
            },
            y_min=0,
            y_max=1,
            y_label=_("Share (95% CI)"),
        )
    return render(request, "outcomes/report.html", {"report": report, "svg": svg})


@login_required
def research_export(request: HttpRequest) -> HttpResponse:
    """De-identified rows: a random id made fresh for this export, no handle, no e-mail, no dates."""
    _admin_only(request)
    rows = queries.research_rows()
    record_audit_event(request.user, "outcomes.research_export", people=len(rows))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="identification-recovery-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "id",
            "identification",
            "baseline_phq9",
            "baseline_gad7",
            "baseline_case",
            "followup_phq9",
            "followup_gad7",
            "followup_case",
        ]
    )
    for pid, p in rows:
        writer.writerow(
            [
                pid,
                p.identification,
                p.baseline.phq9,
                "" if p.baseline.gad7 is None else p.baseline.gad7,
                int(p.baseline_case),
                p.follow_up.phq9,
                "" if p.follow_up.gad7 is None else p.follow_up.gad7,
                int(p.follow_up_case),
            ]
        )
    return response
