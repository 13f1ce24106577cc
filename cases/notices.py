"""Notices to the reporter: rendered from the editable templates (``NoticeTemplate``) into the
portal history of every petition of a matter. They say what happened and when, never the content.
"""

from django.utils import formats

from cases.models import Matter, NoticeTemplate, Petition, PublicEvent


class _Blank(dict):
    def __missing__(self, key):
        return ""


def render_notice(kind: str, *, language: str = "vi", **values) -> str:
    template = NoticeTemplate.objects.filter(kind=kind, language=language).first()
    if template is None:
        template = NoticeTemplate.objects.get(kind=kind, language="vi")
    shown = {
        key: formats.date_format(value, "SHORT_DATE_FORMAT") if hasattr(value, "year") else value
        for key, value in values.items()
    }
    return template.text.format_map(_Blank(shown))


def notify_reporters(
    *, kind: str, petitions: list[Petition] | None = None, matter: Matter | None = None, **values
) -> int:
    """Add the notice to the portal history of each petition (of the matter); returns how many."""
    targets = list(petitions if petitions is not None else matter.petitions.all())
    text = render_notice(kind, **values)
    PublicEvent.objects.bulk_create(PublicEvent(petition=p, step=PublicEvent.Step.NOTICE, text=text) for p in targets)
    return len(targets)
