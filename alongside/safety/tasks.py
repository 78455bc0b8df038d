"""Background work for safety: the crisis second look (alongside/safety/second_look.py).

With ALONGSIDE_TASK_QUEUE=redis it runs on RQ workers (`alongside worker`), so a web process
never spends the encoder's 30–300 ms; embedded, `actions.request_second_look` runs it on one
in-process thread instead (ImmediateBackend would run it inside the posting request).
"""

from __future__ import annotations

from django_tasks import task


@task()
def second_look(source: str, object_id: int) -> bool:
    from alongside.safety.actions import take_second_look

    result = take_second_look(source, object_id)
    return bool(result and result.concern)
