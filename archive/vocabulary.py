"""The archive's own names as the segmenter's user dictionary: contributors and accepted tags.

jieba does not know the people, places and terms of a newsroom (单瑞, 自治区政协); the archive does.
:func:`load_archive_words` teaches them to :mod:`archive.text.segmenting` once per process (tagging
and search both call it before cutting); afterwards every new or renamed contributor or tag is added
as it is saved, so the dictionary grows with the archive without a restart.
"""

from __future__ import annotations

import threading

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import Contributor, Tag
from .text import segmenting

# The part of speech each kind of name is taught with, so jieba tags it that way again.
TAG_POS = {"subject": "n", "person": "nr", "place": "ns", "organisation": "nt"}
CONTRIBUTOR_POS = {Contributor.Kind.PERSON: "nr", Contributor.Kind.AGENCY: "nt"}

_lock = threading.Lock()
_loaded = threading.Event()
# People the archive knows (contributors, accepted person tags): names even where jieba doubts it.
known_people: set[str] = set()


def archive_words() -> dict[str, list[str]]:
    """The archive's names by part of speech, read in chunks so a large archive is not held twice."""
    words: dict[str, list[str]] = {"nr": [], "nt": [], "ns": [], "n": []}
    for name, kind in Contributor.objects.values_list("name", "kind").iterator(chunk_size=5000):
        words[CONTRIBUTOR_POS.get(kind, "nr")].append(name)
    for name, kind in Tag.objects.values_list("name", "kind").iterator(chunk_size=5000):
        words[TAG_POS[kind]].append(name)
    return words


def load_archive_words(force: bool = False) -> int:
    """Teach the segmenter the archive's names once per process (again when ``force``); returns how many."""
    if _loaded.is_set() and not force:
        return 0
    with _lock:
        words = archive_words()
        for pos, names in words.items():
            segmenting.add_words(names, tag=pos)
        known_people.update(words["nr"])
        _loaded.set()
    return sum(len(names) for names in words.values())


def teach(name: str, pos: str) -> None:
    """Add one name now if the dictionary is already loaded (otherwise the next load reads it anyway)."""
    if _loaded.is_set():
        segmenting.add_words([name], tag=pos)
        if pos == "nr":
            known_people.add(name)


@receiver(post_save, sender=Contributor, dispatch_uid="vocabulary_contributor_saved")
def contributor_saved(sender, instance, **kwargs):
    teach(instance.name, CONTRIBUTOR_POS.get(instance.kind, "nr"))


@receiver(post_save, sender=Tag, dispatch_uid="vocabulary_tag_saved")
def tag_saved(sender, instance, **kwargs):
    teach(instance.name, TAG_POS[instance.kind])
