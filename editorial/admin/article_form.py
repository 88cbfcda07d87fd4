"""The article change form: the body as plain text, a required reason, and the version it was loaded from."""

from django import forms
from django.utils.html import format_html, format_html_join

from archive.bodytext import (
    HELP_TEXT,
    BodyTextError,
    blocks_to_text,
    body_problems,
    salvage_blocks,
    text_to_blocks,
)
from archive.models import Article
from editorial import revisions

BODY_WIDGET_ATTRS = {"rows": 28, "class": "body-text", "lang": "zh-Hans", "spellcheck": "false"}


class BodyTextField(forms.CharField):
    """The body as text; compared as blocks, so line endings a browser adds are not a change."""

    def has_changed(self, initial, data):
        try:
            return text_to_blocks(initial or "") != text_to_blocks(data or "")
        except BodyTextError:
            return (initial or "") != (data or "")


class ArticleForm(forms.ModelForm):
    """Edits an article as text: every headline field its own input, the body one block per line.

    ``loaded_version`` is the article's version when the form was opened; a save from an older
    version is refused here with who saved in between and what they changed, and the typed text
    stays in the form. The atomic check at write time is ``revisions.save_article``.
    """

    body_text = BodyTextField(
        label="正文", strip=False, widget=forms.Textarea(attrs=BODY_WIDGET_ATTRS), help_text=HELP_TEXT
    )
    change_reason = forms.CharField(
        label="修改原因",
        max_length=100,
        required=False,
        help_text="每次修改文字或标题组都要写明原因，如“改正叠字”“按原版补全断栏”。会记入修订记录。",
    )
    loaded_version = forms.IntegerField(label="打开时的版本", widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = (
            "issue",
            "page",
            "order",
            "section",
            "kicker",
            "headline",
            "subtitle",
            "agency",
            "dateline_place",
            "dateline_date",
            "document_date",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["body_text"].initial = blocks_to_text(salvage_blocks(self.instance.body))
            self.fields["loaded_version"].initial = self.instance.version
            if body_problems(self.instance.body):
                self.fields["body_text"].help_text = (
                    "存储的正文格式有误，下面是尽量恢复出的文字，请核对后写明原因保存。" + HELP_TEXT
                )

    @property
    def text_changed(self) -> bool:
        """Did this save change the text or the headline group (what needs a reason)?"""
        names = set(revisions.REVISION_FIELDS) | {"body_text"}
        return bool(names & set(self.changed_data)) or not self.instance.pk

    def clean_body_text(self):
        try:
            return text_to_blocks(self.cleaned_data["body_text"])
        except BodyTextError as error:
            raise forms.ValidationError([str(p) for p in error.problems], code="body_text") from None

    def clean(self):
        cleaned = super().clean()
        if "body_text" in cleaned:
            self.instance.body = cleaned["body_text"]
        if self.instance.pk:
            self._check_version(cleaned.get("loaded_version"))
            if self.text_changed and not (cleaned.get("change_reason") or "").strip():
                self.add_error("change_reason", "修改了文字或标题组，请写明修改原因。")
        return cleaned

    def _check_version(self, loaded):
        if loaded is None:
            raise forms.ValidationError("表单缺少版本号，请重新打开本页后再修改。", code="no_version")
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is None or loaded == current:
            return
        typed = {
            name: self.cleaned_data.get(name, getattr(self.instance, name))
            for name in revisions.REVISION_FIELDS
        }
        typed["body"] = self.cleaned_data.get("body_text", self.instance.body)
        found = revisions.conflict(self.instance.pk, loaded, current, typed)
        # The next save goes through against the newest version: the editor has now seen it.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = str(current)
        raise forms.ValidationError(stale_message(found), code="stale")


def _diff_list(title: str, rows: list[dict]):
    if not rows:
        return ""
    items = format_html_join("", "<dt>{}</dt><dd>{}</dd>", ((r["label"], r["diff"]) for r in rows))
    return format_html('<p>{}</p><dl class="stale-diff">{}</dl>', title, items)


def stale_message(found: revisions.Conflict):
    """The refusal of a stale save: who saved in between, what they changed, how it differs from mine."""
    return format_html(
        "在你打开这篇文章之后，{}保存了新的版本（现为第 {} 版）。你的修改还没有保存，输入的内容都还在下面；"
        "请对照差异核对后再保存（再次保存将以你的文字为准）。{}{}",
        "、".join(found.savers) or "其他人",
        found.current_version,
        _diff_list("别人改了什么（你打开时的版本 → 最新版本）：", found.their_changes),
        _diff_list("你的文字与最新版本的差异（最新版本 → 你的文字）：", found.against_mine),
    )
