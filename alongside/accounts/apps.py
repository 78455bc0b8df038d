from datetime import timedelta

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "alongside.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from alongside.accounts import actions
        from alongside.accounts.privacy import declare
        from alongside.core import periodic

        # The profile and the audit log's entries are exported by accounts.actions itself.
        for label, how in {
            "accounts.User": "profile exported; anonymised on erasure (the row stays as former-member-N)",
            "account.EmailAddress": "exported with the profile; deleted on erasure",
            "accounts.AgeBandRequest": "exported with the profile; deleted on erasure",
            "mfa.Authenticator": "not exported (secrets); deleted on erasure",
            "sessions.Session": "not exported (a session key); no longer signs anyone in once erased "
            "(the account is inactive)",
            "admin.LogEntry": "staff's edits in the admin: kept; an entry about the person is renamed to the pseudonym",
            "core.AuditEntry": "exported (by and about them, who by kind only); pseudonymised on erasure: "
            "the facts stay, their handle and e-mail are replaced",
        }.items():
            declare(label, how)

        # Erasures that waited (an open crisis alert): done once the hold lifts, or after 30 days.
        periodic.register(
            "accounts.finish_deferred_erasures",
            every=timedelta(minutes=15),
            function=actions.finish_deferred_erasures,
        )
