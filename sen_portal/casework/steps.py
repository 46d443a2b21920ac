"""The transition kernel: every workflow step (request, assessment, plan, review, ceasing,
disagreement, and the next ones) is one call to ``take``.

``take(obj, "transition", user=..., event=..., **kwargs)``, inside one transaction:

1. locks the row (``select_for_update``): whoever gets the lock second sees the first
   one's change and is refused, instead of doing the same thing twice;
2. refuses a step that is not legal from the current state (``ActionRefused`` with the
   step's declared ``refused`` sentence and the state it is in), a user the transition's
   ``permission=`` does not allow (``PermissionDenied``), and a step whose conditions are
   not met yet (``ActionRefused`` listing each unmet condition's own "not ready" message,
   declared on the model with ``@condition("...")``);
3. runs the django-fsm-2 transition with ``**kwargs`` (its body only sets fields) and
   saves; a concurrent change (``ConcurrentTransition``) is refused like an illegal step;
4. writes the chronology event: ``Event(kind, summary, note=..., family=...)`` (or a
   function of the moved object returning one, for words that need the new state),
   with who, the from- and to-state and the subject;
5. runs the follow-ups registered for (model, transition): deadlines to meet or open,
   letters, anything another app must do when this step happens. A follow-up that
   raises rolls the whole step back. Families are told of every event marked
   ``family=True`` by the family app (it listens to new chronology events).

Declaring a step (on the model's transition, with what it says and checks)::

    @transition(
        field=status, source=Status.PROPOSED, target=Status.CONTINUED,
        permission=runs_the_case,
        custom=steps.declare(
            when=AFTER_PROPOSAL,                       # the date typed (a DateRule)
            refused="The decision has already been made.",
            texts={"reason": "Enter why the plan continues"},
            event=lambda p, reason, **_: Event(
                CeasingEvent.CONTINUED, "Decided to continue ...", note=reason, family=True
            ),
        ),
    )
    def decide_continue(self, *, on, by, reason): ...

and its service, when it needs nothing else, is one line (``by=`` is the acting user)::

    # Reg 31(2): the council decides to keep the plan and tells the family.
    ceasing_decide_continue = steps.service(CeasingProposal, "decide_continue", "proposal")

A service that checks more first (a choice from a list, a second record) calls ``take``
itself; what the transition declares still applies::

    @transaction.atomic
    def ceasing_decide_cease(*, proposal, on, reasons, cease_reason, acting_user):
        _check_reason(cease_reason)
        return steps.take(proposal, "decide_cease", user=acting_user, on=on, ...)

A date the person typed is checked by a rule declared once (``DateRule``: today or in
the past, and not before a date on the record: an attribute, a chain of them, the first
set counting, or another argument of the step)::

    DECISION_DATE = steps.DateRule(
        "date of the decision", not_before=("advice_completed_on", "started_on"),
        before_what="the day the advice was complete",
    )
    REPLY = steps.DateRule("date of the reply", "args.consulted_on", "the consultation",
                           field="responded_on")

``take`` checks it on the locked row. When the service must read the locked row for
anything else first, ``locked = steps.lock(obj)``, then ``steps.take(locked, ...)``:
``take`` does not lock the same copy again.

A new workflow object (a proposal, a review) is ``steps.create(obj, user=...,
event=...)``: validated (``steps.validate``, which leaves protected state
fields to the transitions), saved, recorded, and its ``"created"`` follow-ups run.
``steps.record(obj, event, user=...)`` writes an event that is no transition, and
``steps.authorise(obj, user)`` asks the ``casework.run_case`` rule for a change that is
no transition (a participant invited, an order complied with).

Declaring a condition with its message (on the model)::

    @condition("Record the consultation with the family")
    def family_consulted(proposal) -> bool: ...

    @transition(..., conditions=[family_consulted], permission=runs_the_case)

``unmet(obj, "transition")`` lists what is still to do, for pages too.

Registering a follow-up (in the registering app's ``AppConfig.ready`` or the module
that owns the step; one line each)::

    steps.after(CeasingProposal, "decide_cease")(send_decision_letter)  # fn(step: Step)
    steps.after(Review, "hold")(steps.meets_deadlines("review_papers"))
    steps.after(Plan, "issue_draft")(steps.opens_deadline("draft_representations"))


or as a decorator, for one or several transitions of a model::

    @steps.after(CeasingProposal, "cease_now", "appeal_ends_plan")
    def end_the_plan(step: Step) -> None: ...

A follow-up gets a ``Step``: ``obj`` (the locked, moved object), ``transition``,
``user``, ``from_state``, ``to_state``, ``kwargs`` (what the transition was called
with) and ``event`` (the chronology row written). Follow-ups run in registration order.

``live_deadline(subject, code)`` is the live statutory clock of one workflow object
(``latest_deadline`` the newest, live or not).
"""

from __future__ import annotations

import datetime
import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django_fsm import ConcurrentTransition, FSMFieldMixin

from sen_portal.casework.models import ChronologyEvent, Deadline
from sen_portal.casework.rules import runs_the_case
from sen_portal.casework.services import (
    chronology_record,
    deadline_open,
    deadlines_close_for_subject,
)
from sen_portal.casework.workflow import ActionRefused, DateRule, require_text

M = TypeVar("M", bound=models.Model)

__all__ = [
    "ActionRefused",
    "DateRule",
    "add",
    "cancel_deadlines",
    "check_dates",
    "meet_deadlines",
    "open_deadline",
    "Event",
    "Step",
    "after",
    "authorise",
    "cancels_deadlines",
    "condition",
    "create",
    "declare",
    "declared",
    "latest_deadline",
    "live_deadline",
    "issues_letter",
    "lock",
    "meets_deadlines",
    "opens_deadline",
    "record",
    "service",
    "state_words",
    "take",
    "texts",
    "unmet",
    "validate",
]


@dataclass(frozen=True)
class Event:
    """What the chronology says about a step. ``kind`` is one of the app's registered
    event kinds (a TextChoices member); ``family``: the family sees it in their portal."""

    kind: str
    summary: str
    note: str = ""
    family: bool = False


@dataclass
class Step:
    """One step just taken, as its follow-ups see it."""

    obj: Any
    transition: str
    user: Any
    from_state: str
    to_state: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    event: ChronologyEvent | None = None


FollowUp = Callable[[Step], None]
_FOLLOW_UPS: dict[tuple[str, str], list[FollowUp]] = defaultdict(list)


def after(model: type[models.Model], *transitions: str) -> Callable[[FollowUp], FollowUp]:
    """Register ``fn(step)`` to run after each of ``transitions`` of ``model`` (or
    ``"created"``, after ``create``), in the step's transaction."""

    def register(fn: FollowUp) -> FollowUp:
        for name in transitions:
            if name != "created" and not _is_transition(model, name):
                raise ValueError(f"{model._meta.label} has no transition {name!r}")
            if fn not in _FOLLOW_UPS[(model._meta.label, name)]:
                _FOLLOW_UPS[(model._meta.label, name)].append(fn)
        return fn

    return register


def follow_ups(model: type[models.Model], transition: str) -> list[FollowUp]:
    return list(_FOLLOW_UPS.get((model._meta.label, transition), ()))


def _is_transition(model: type[models.Model], name: str) -> bool:
    return hasattr(getattr(model, name, None), "_django_fsm")


# --- Conditions with their own "not ready" message --------------------------------------


def condition(message: str) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Declare what a person is told while this transition condition is not met."""

    def mark(fn: Callable[[Any], bool]) -> Callable[[Any], bool]:
        fn.not_ready = message  # type: ignore[attr-defined]
        return fn

    return mark


def unmet(obj: models.Model, transition: str) -> list[str]:
    """The "not ready" messages of the conditions of ``transition`` not met now (from
    the current state; none if the transition is not legal from it)."""
    meta = getattr(obj, transition)._django_fsm
    found = meta.get_transition(meta.field.get_state(obj))
    if found is None:
        return []
    return [
        getattr(check, "not_ready", "It is not ready yet")
        for check in found.conditions or ()
        if not check(obj)
    ]


# --- Locking, validating, state words ------------------------------------------------------


def _related(model: type[models.Model]) -> tuple[str, ...]:
    # What the step and its event need: the child at least. A model may name more with
    # ``step_related`` (a proposal's plan).
    default = ("child",) if any(f.name == "child" for f in model._meta.concrete_fields) else ()
    return tuple(getattr(model, "step_related", default))


def lock(obj: M) -> M:
    """A fresh copy of ``obj`` under a row lock (inside the caller's transaction)."""
    model = type(obj)
    locked = (
        model._default_manager.select_for_update(of=("self",))
        .select_related(*_related(model))
        .get(pk=obj.pk)
    )
    locked._steps_locked = True
    return locked


def authorise(obj: models.Model, user) -> None:
    """PermissionDenied unless ``user`` runs the case ``obj`` belongs to (the
    ``casework.run_case`` rule), for a change that is no transition."""
    if not runs_the_case(obj, user):
        raise PermissionDenied


def state_words(obj: models.Model) -> str:
    """ "Nothing was changed: the proposal is decided." ``noun`` on the model names it."""
    noun = getattr(type(obj), "noun", obj._meta.verbose_name)
    return f"Nothing was changed: the {noun} is {obj.get_status_display().lower()}."


def _protected_state_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, FSMFieldMixin) and getattr(f, "protected", False)
    ]


def validate(obj: models.Model, *, exclude: Iterable[str] = (), constraints: bool = True) -> None:
    """``full_clean`` for a workflow object. Cleaning a protected FSM field assigns it,
    which django-fsm forbids, so those fields are left out of the field checks and the
    constraints (including those on the state) are checked on their own (unless
    ``constraints`` is False: an edit of fields no constraint reads, which the database
    checks anyway)."""
    skip = [*_protected_state_fields(type(obj)), *exclude]
    obj.full_clean(exclude=skip, validate_constraints=False)
    if constraints:
        obj.validate_constraints(exclude=list(exclude) or None)


# --- Steps ---------------------------------------------------------------------------------


def _write_event(obj, event: Event | None, *, user, from_state: str = "") -> ChronologyEvent | None:
    if event is None:
        return None
    return chronology_record(
        child=obj.child,
        actor=user,
        kind=event.kind,
        summary=event.summary,
        note=event.note,
        from_state=from_state,
        to_state=getattr(obj, "status", ""),
        subject=obj,
        visible_to_family=event.family,
    )


def _run_follow_ups(step: Step) -> None:
    for fn in follow_ups(type(step.obj), step.transition):
        fn(step)


_DECLARED: Any = object()


def declare(
    *,
    refused: str | None = None,
    not_ready: str | None = None,
    when: DateRule | tuple[DateRule, ...] | None = None,
    event: Event | Callable[..., Event | None] | None = None,
    texts: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What a step says and checks, declared on its transition
    (``@transition(..., custom=steps.declare(...))``), so that the service taking it,
    and every page offering it, read one place:

    ``refused``: the first sentence a person sees when the step is not legal from the
    current state; ``not_ready``: the words before the list of unmet conditions;
    ``when``: the step's ``DateRule`` (or several); ``event``: the chronology
    ``Event``, or ``fn(obj, **arguments)`` returning one (words that need the moved
    object or what was typed); ``texts``: the step's required free-text arguments,
    each with the message shown when it is left empty."""
    spec = {
        "refused": refused,
        "not_ready": not_ready,
        "when": when,
        "event": event,
        "texts": texts,
    }
    return {key: value for key, value in spec.items() if value is not None}


def declared(model: type[models.Model] | models.Model, transition: str) -> dict[str, Any]:
    """The ``steps.declare`` of ``transition`` (the same for every source state)."""
    meta = getattr(model, transition)._django_fsm
    for found in meta.transitions.values():
        if found.custom:
            return found.custom
    return {}


def _rules(when) -> tuple[DateRule, ...]:
    if when is None:
        return ()
    return when if isinstance(when, tuple) else (when,)


def take(
    obj: M,
    transition: str,
    *,
    user,
    event: Event | Callable[[M], Event | None] | None = _DECLARED,
    refused: str | None = None,
    not_ready: str | None = None,
    system: bool = False,
    context: dict[str, Any] | None = None,
    when: DateRule | tuple[DateRule, ...] | None = None,
    **kwargs: Any,
) -> M:
    """Take one workflow step (see the module docstring); returns the locked, moved
    object. ``refused``, ``not_ready``, ``when`` and ``event`` default to what the
    transition declares (``steps.declare``); given here, they replace it. ``refused``:
    the first sentence a person sees when the step is not legal from the current state
    (the state it is in follows); ``not_ready``: the words before the list of unmet
    conditions. ``system``: a scheduled job takes the step (``user`` None), so no
    person's permission is asked. ``context``: what the follow-ups (and a declared
    event) need that the transition does not take (``{"on": day}``); they find it in
    ``step.kwargs`` with the transition's own arguments. ``when``: the step's date
    rule(s), checked on the locked row against the argument each names (``on=`` unless
    the rule says otherwise), before anything else. A transition that must be told
    ``by`` (who decided) is given ``user`` unless the caller names someone else."""
    spec = declared(obj, transition)
    refused = refused or spec.get("refused", "This cannot be done now.")
    not_ready = not_ready or spec.get("not_ready", "This cannot be done yet")
    by = _parameters(type(obj), transition).get("by")
    if "by" not in kwargs and by is not None and by.default is inspect.Parameter.empty:
        kwargs["by"] = user
    context = dict(context or {})
    for name, value in texts(obj, transition, given_only=True, **context, **kwargs).items():
        (kwargs if name in kwargs else context)[name] = value
    arguments = {**context, **kwargs}
    with transaction.atomic():
        locked = obj if getattr(obj, "_steps_locked", False) else lock(obj)
        for rule in _rules(spec.get("when") if when is None else when):
            rule.check(locked, arguments.get(rule.argument), arguments)
        method = getattr(locked, transition)
        meta = method._django_fsm
        from_state = meta.field.get_state(locked)
        if not meta.has_transition(from_state):
            raise ActionRefused(f"{refused} {state_words(locked)}".strip())
        if not (system and user is None) and not meta.has_transition_perm(locked, from_state, user):
            raise PermissionDenied
        waiting = unmet(locked, transition)
        if waiting:
            raise ActionRefused(f"{not_ready}: " + "; ".join(waiting) + ".")
        method(**kwargs)
        try:
            locked.save()
        except ConcurrentTransition:
            raise ActionRefused(refused) from None
        if event is _DECLARED:
            event = spec.get("event")
            if callable(event):
                event = event(locked, **arguments)
        elif callable(event):
            event = event(locked)
        step = Step(
            obj=locked,
            transition=transition,
            user=user,
            from_state=from_state,
            to_state=meta.field.get_state(locked),
            kwargs=arguments,
        )
        step.event = _write_event(locked, event, user=user, from_state=from_state)
        _run_follow_ups(step)
        return locked


def check_dates(obj: models.Model, transition: str, **arguments: Any) -> None:
    """The declared date rules of ``transition`` checked now, for a service that must
    refuse a wrong date before its other checks (``take`` checks them again, cheaply)."""
    for rule in _rules(declared(obj, transition).get("when")):
        rule.check(obj, arguments.get(rule.argument), arguments)


def add(obj: M, *, event: Event | None = None, user=None, child=None) -> M:
    """Validate and save a record that is no workflow object of its own (a consultation,
    a placement, a review's participant), inside the step's transaction; with
    ``event``, the chronology says so (``record``)."""
    obj.full_clean()
    obj.save()
    if event is not None:
        record(obj, event, user=user, child=child)
    return obj


def _parameters(model: type[models.Model], transition: str) -> Mapping[str, inspect.Parameter]:
    return inspect.signature(getattr(model, transition)).parameters


def texts(
    obj: models.Model | type[models.Model],
    transition: str,
    *,
    given_only: bool = False,
    **typed: Any,
) -> dict[str, str]:
    """The step's declared free-text arguments, stripped; ``ValidationError`` with the
    declared message for the first one left empty. ``take`` checks those it is given
    first; a service that needs one before it takes the step calls this."""
    return {
        name: require_text(typed.get(name), field=name, message=message)
        for name, message in declared(obj, transition).get("texts", {}).items()
        if name in typed or not given_only
    }


def service(
    model: type[models.Model],
    transition: str,
    obj: str,
    *,
    doc: str = "",
    system: bool = False,
) -> Callable[..., Any]:
    """A whole service for a step that needs nothing but its declaration: ``svc(*,
    <obj>=..., acting_user, **arguments)`` gives the transition the arguments it takes
    and the follow-ups (and the declared event) the rest (``context``), and ``take``s
    the step. ``system``: a scheduled job may take it too (``acting_user`` None).
    ``doc``: the service's docstring (the regulation it follows), by default the
    transition's own::

        # The request is taken back before the decision: every clock it started stops.
        request_withdraw = steps.service(AssessmentRequest, "withdraw", "assessment_request")
    """
    params = _parameters(model, transition)

    def run(*, acting_user=None, **arguments: Any) -> Any:
        target = arguments.pop(obj)
        context = {name: arguments.pop(name) for name in list(arguments) if name not in params}
        return take(
            target,
            transition,
            user=acting_user,
            system=system and acting_user is None,
            context=context,
            **arguments,
        )

    run.__name__ = run.__qualname__ = f"{model._meta.model_name}_{transition}"
    run.__doc__ = doc or getattr(model, transition).__doc__
    return run


def create(obj: M, *, user, event: Event | None) -> M:
    """Start a new workflow object: validate, save, record, and run its ``"created"``
    follow-ups, in one transaction. The caller has checked who may start it."""
    with transaction.atomic():
        validate(obj)
        obj.save()
        step = Step(
            obj=obj,
            transition="created",
            user=user,
            from_state="",
            to_state=getattr(obj, "status", ""),
        )
        step.event = _write_event(obj, event, user=user)
        _run_follow_ups(step)
        return obj


def record(
    obj: models.Model,
    event: Event,
    *,
    user,
    child=None,
    from_state: str = "",
    to_state: str = "",
) -> ChronologyEvent:
    """A chronology event about ``obj`` that is no transition of its own (a date put
    back, a consultation noted). ``child``: when ``obj`` has none of its own (a review's
    participant); ``from_state``/``to_state``: the case's workflow moved with it (a plan
    consulting about the consultation recorded)."""
    return chronology_record(
        child=child or obj.child,
        from_state=from_state,
        to_state=to_state,
        actor=user,
        kind=event.kind,
        summary=event.summary,
        note=event.note,
        subject=obj,
        visible_to_family=event.family,
    )


# --- Deadlines: the live clock of a subject, and follow-ups that meet or open one -----------


def _subject_deadlines(subject: models.Model, code: str):
    return Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=str(subject.pk),
        code=code,
    ).order_by("-id")


def live_deadline(subject: models.Model, code: str) -> Deadline | None:
    """The live (open or breached) statutory deadline ``code`` of one workflow object,
    the newest if several were opened over time."""
    return _subject_deadlines(subject, code).filter(status__in=Deadline.LIVE).first()


def latest_deadline(subject: models.Model, code: str) -> Deadline | None:
    """The newest deadline ``code`` of one workflow object, live or not (a page showing
    when a step was due and whether it was met)."""
    return _subject_deadlines(subject, code).first()


def meet_deadlines(
    subject: models.Model, *codes: str, user, on: datetime.date | None = None
) -> list[Deadline]:
    """Mark the live deadlines ``codes`` of ``subject`` (all if none named) met on ``on``
    (or today); returns them."""
    return deadlines_close_for_subject(
        subject=subject, acting_user=user, outcome="met", on=on, codes=codes or None
    )


def cancel_deadlines(subject: models.Model, *codes: str, user, reason: str) -> list[Deadline]:
    """Cancel the live deadlines ``codes`` of ``subject`` (all if none named): what they
    waited for will not happen, for ``reason``."""
    return deadlines_close_for_subject(
        subject=subject, acting_user=user, outcome="cancelled", codes=codes or None, reason=reason
    )


def open_deadline(
    subject: models.Model,
    code: str,
    *,
    user,
    start: datetime.date | None,
    child=None,
    due_on: datetime.date | None = None,
) -> Deadline:
    """Start the statutory clock ``code`` of ``subject`` on ``start`` (``child``: when
    the subject has none of its own; ``due_on``: a date the parties agreed in writing
    instead of the period, Reg 42(5))."""
    return deadline_open(
        child=child or subject.child,
        code=code,
        start=start,
        subject=subject,
        acting_user=user,
        due_on=due_on,
    )


def _on(step: Step) -> datetime.date | None:
    return step.kwargs.get("on")


def _obj(step: Step) -> models.Model:
    return step.obj


def meets_deadlines(
    *codes: str,
    on: Callable[[Step], datetime.date | None] = _on,
    subject: Callable[[Step], models.Model] = _obj,
) -> FollowUp:
    """A follow-up that marks the step's live deadlines ``codes`` met on the step's
    ``on=`` (or today). ``subject``: whose deadlines, when not the step's object (an
    assessment meeting its request's clock)."""

    def meet(step: Step) -> None:
        deadlines_close_for_subject(
            subject=subject(step), acting_user=step.user, outcome="met", on=on(step), codes=codes
        )

    return meet


def cancels_deadlines(
    *codes: str,
    reason: str | Callable[[Step], str] = "",
    subject: Callable[[Step], models.Model] = _obj,
) -> FollowUp:
    """A follow-up that cancels the step's live deadlines ``codes`` (all if none named):
    the step they were waiting for will not happen. ``reason``: words, or a function of
    the step (what the person typed); ``subject`` as for ``meets_deadlines``."""

    def cancel(step: Step) -> None:
        deadlines_close_for_subject(
            subject=subject(step),
            acting_user=step.user,
            outcome="cancelled",
            codes=codes or None,
            reason=reason(step) if callable(reason) else reason,
        )

    return cancel


def opens_deadline(code: str, *, start: Callable[[Step], datetime.date | None] = _on) -> FollowUp:
    """A follow-up that starts the statutory clock ``code`` for the step's object on the
    step's ``on=`` (or ``start(step)``); the due date comes from timescales."""

    def open_it(step: Step) -> None:
        open_deadline(step.obj, code, user=step.user, start=start(step))

    return open_it


# --- Letters: a statutory notice as a follow-up ------------------------------------------


def issues_letter(
    kind: str,
    *,
    on: Callable[[Step], datetime.date | None] = _on,
    when: Callable[[Step], bool] = lambda step: True,
) -> FollowUp:
    """A follow-up that issues the letter ``kind`` (casework.letters) about the step's
    object, dated the step's ``on=`` (or today), where ``when(step)`` holds."""

    def issue(step: Step) -> None:
        from sen_portal.casework.letters import letter_issue

        if when(step):
            letter_issue(
                kind=kind,
                subject=step.obj,
                child=step.obj.child,
                acting_user=step.user,
                on=on(step),
            )

    return issue
