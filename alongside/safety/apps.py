from datetime import timedelta

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "alongside.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts.privacy import register, register_hold
        from alongside.accounts.signals import erasure_deferred
        from alongside.core import metrics as core_metrics
        from alongside.core import periodic
        from alongside.groups.access import register_posting_check
        from alongside.groups.signals import facilitator_role_changed, membership_ended
        from alongside.safety import actions, checks, frames, privacy  # noqa: F401 (checks registers itself)
        from alongside.safety import metrics as safety_metrics
        from alongside.safety.restrictions import posting_block_reason

        register_posting_check(posting_block_reason)  # mutes and suspensions stop posting
        core_metrics.register_collector(
            safety_metrics.collect
        )  # alerts on /metrics, read at scrape time
        frames.register()  # the on-call banner and private notices on the per-person live channel

        # Reports, appeals, sanctions, notices and alerts: in the data download; blanked on erasure.
        register(
            "safety",
            export=privacy.export_safety,
            erase=privacy.erase_safety,
            covers=privacy.COVERS,
        )
        # Erasure waits while the member has an open crisis alert; its staff are told.
        register_hold(actions.erasure_hold)
        erasure_deferred.connect(actions.note_erasure_waits, dispatch_uid="safety.erasure_deferred")
        # No membership ends without the member being told which and why.
        membership_ended.connect(
            actions.tell_member_their_membership_ended, dispatch_uid="safety.membership_ended"
        )
        facilitator_role_changed.connect(
            actions.tell_member_their_role_changed, dispatch_uid="safety.facilitator_role_changed"
        )

        # Unacknowledged crisis alerts move up a tier after 5 (high) or 30 (concern) minutes.
        periodic.register(
            "safety.escalate_alerts",
            every=timedelta(seconds=30),
            function=actions.escalate_crisis_alerts,
        )
