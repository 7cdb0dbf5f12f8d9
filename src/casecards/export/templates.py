"""Card templates and the one stylesheet shared by every casecards note type in Anki.

Templates may be restyled in later versions (Anki updates a note type whose modification time
is newer), but the field and template names they use are frozen: see ``notetypes``.
"""

from __future__ import annotations

from typing import Final


def _card(kind: str, body: str) -> str:
    # ``lang`` lets Anki's web view hyphenate, pick fonts and read the text aloud correctly.
    return f'<div class="cc cc-{kind}" lang="{{{{Lang}}}}">\n{body}\n</div>'


def _back(kind: str, question: str, answer: str) -> str:
    return _card(kind, f"{question}\n{ANSWER_RULE}\n{answer}\n{FOOTER}")


FOOTER: Final = """\
{{#Explanation}}<div class="cc-explanation">{{Explanation}}</div>{{/Explanation}}
{{#Source}}<div class="cc-source">{{Source}}</div>{{/Source}}"""

ANSWER_RULE: Final = '<hr id="answer">'

# --------------------------------------------------------------------------- basic

BASIC_QUESTION: Final = '<div class="cc-question">{{Front}}</div>'
BASIC_FRONT: Final = _card("basic", BASIC_QUESTION)
BASIC_BACK: Final = _back("basic", BASIC_QUESTION, '<div class="cc-answer">{{Back}}</div>')

# --------------------------------------------------------------------------- cloze

# The answer is the text itself, its deletions filled in; the rule only separates the footer.
CLOZE_QUESTION: Final = '<div class="cc-question">{{cloze:Text}}</div>'
CLOZE_FRONT: Final = _card("cloze", CLOZE_QUESTION)
CLOZE_BACK: Final = _back("cloze", CLOZE_QUESTION, "")

# --------------------------------------------------------------------------- images

PICTURE_QUESTION: Final = (
    '<div class="cc-question">{{Prompt}}</div>\n<div class="cc-picture">{{Image}}</div>'
)
PICTURE_ANSWER: Final = '<div class="cc-answer">{{Answer}}</div>'
IMAGE_FRONT: Final = _card("image", PICTURE_QUESTION)
IMAGE_BACK: Final = _back("image", PICTURE_QUESTION, PICTURE_ANSWER)
REGION_FRONT: Final = _card("region", PICTURE_QUESTION)
REGION_BACK: Final = _back("region", PICTURE_QUESTION, PICTURE_ANSWER)

# --------------------------------------------------------------------------- lists

PROMPT: Final = '<div class="cc-question">{{Prompt}}</div>'
DIFFERENTIAL_FRONT: Final = _card("differential", PROMPT)
DIFFERENTIAL_BACK: Final = _back(
    "differential", PROMPT, '<div class="cc-answer cc-list">{{Answers}}</div>'
)

# The front shows the events shuffled and lettered; the back, in order with their dates.
TIMELINE_FRONT: Final = _card(
    "timeline", f'{PROMPT}\n<div class="cc-shuffled">{{{{Shuffled}}}}</div>'
)
TIMELINE_BACK: Final = _back(
    "timeline", PROMPT, '<div class="cc-answer cc-events">{{Ordered}}</div>'
)

SIGNS_QUESTION: Final = """\
<div class="cc-subject">{{Subject}}</div>
<div class="cc-modality">{{Modality}}
{{#Timing}}<span class="cc-timing">{{Timing}}</span>{{/Timing}}</div>
<div class="cc-question">{{Question}}</div>"""
SIGNS_FRONT: Final = _card("signs", SIGNS_QUESTION)
SIGNS_BACK: Final = _back("signs", SIGNS_QUESTION, '<div class="cc-answer cc-list">{{Signs}}</div>')

WHICH_QUESTION: Final = """\
<div class="cc-subject">{{Subject}}</div>
<div class="cc-sign">{{Sign}}</div>
<div class="cc-question">{{Question}}</div>"""
WHICH_FRONT: Final = _card("which", WHICH_QUESTION)
# The question lists the modalities to choose from; on the back the answer lists them again,
# each marked right or wrong, so the question's own list is hidden there.
WHICH_BACK: Final = _back(
    "which",
    f'<div class="cc-revealed">\n{WHICH_QUESTION}\n</div>',
    '<div class="cc-answer">{{Modalities}}</div>',
)

# --------------------------------------------------------------------------- image occlusion

# Anki's own image-occlusion template (Anki 23.10+), kept as Anki writes it so that its
# review code (``anki.imageOcclusion.setup``) finds the elements it expects. casecards adds
# the active region's prompt (Anki renders the active cloze of ``Prompts`` into a hidden
# element; the script copies it into view) and its answer (only the active cloze of
# ``Answers`` is visible, by CSS).
_OCCLUSION = """\
{{#Header}}<div class="cc-header">{{Header}}</div>{{/Header}}
<div class="cc-question" id="cc-prompt"></div>
<div class="cc-prompts" style="display: none">{{cloze:Prompts}}</div>
<div style="display: none">{{cloze:Occlusion}}</div>
<div id="err"></div>
<div id="image-occlusion-container">
    {{Image}}
    <canvas id="image-occlusion-canvas"></canvas>
</div>
<script>
try {
    anki.imageOcclusion.setup();
} catch (exc) {
    document.getElementById("err").innerHTML =
        `Error loading image occlusion. Is your Anki version up to date?<br><br>${exc}`;
}
(function () {
    var active = document.querySelector(".cc-prompts .cloze");
    var target = document.getElementById("cc-prompt");
    if (active && target) {
        target.innerHTML = active.getAttribute("data-cloze") || active.innerHTML;
    }
})();
</script>"""
OCCLUSION_FRONT: Final = _card("occlusion", _OCCLUSION)
OCCLUSION_BACK: Final = _card(
    "occlusion",
    f"""{_OCCLUSION}
<div><button id="toggle">Toggle Masks</button></div>
{ANSWER_RULE}
<div class="cc-answer cc-region-answer">{{{{cloze:Answers}}}}</div>
{{{{#Back Extra}}}}<div class="cc-explanation">{{{{Back Extra}}}}</div>{{{{/Back Extra}}}}
{{{{#Source}}}}<div class="cc-source">{{{{Source}}}}</div>{{{{/Source}}}}""",
)

# --------------------------------------------------------------------------- style

# Anki marks night mode with ``.nightMode`` (desktop, AnkiMobile) or ``.night_mode``
# (AnkiDroid) on the card's body; both are handled. Sizes are relative so phones scale them.
CSS: Final = """\
.card {
  --cc-text: #1f2328;
  --cc-muted: #59636e;
  --cc-accent: #0b5cad;
  --cc-rule: #d1d9e0;
  --cc-panel: #f3f5f8;
  --cc-right: #1a7f37;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans",
    "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  color: var(--cc-text);
  background-color: #ffffff;
  text-align: left;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --cc-text: #e6edf3;
  --cc-muted: #9ba4ae;
  --cc-accent: #6cb6ff;
  --cc-rule: #3d444d;
  --cc-panel: #22272e;
  --cc-right: #3fb950;
  background-color: #161b22;
}
.cc { max-width: 42rem; margin: 0 auto; padding: 0.5rem 0.75rem; overflow-wrap: break-word; }
.cc-question { font-size: 1.1em; margin: 0.3em 0; }
.cc-subject { font-weight: 600; }
.cc-key { display: none; }
.cc-modality { color: var(--cc-accent); font-weight: 600; margin: 0.2em 0; }
.cc-timing { color: var(--cc-muted); font-weight: normal; }
.cc-timing::before { content: "· "; }
.cc-sign {
  margin: 0.5em 0; padding: 0.4em 0.7em;
  background: var(--cc-panel); border-left: 3px solid var(--cc-accent);
}
.cc hr#answer { border: 0; border-top: 1px solid var(--cc-rule); margin: 0.9em 0; }
.cc ul, .cc ol { margin: 0.4em 0; padding-left: 1.5em; }
.cc li { margin: 0.2em 0; }
.cc-also { color: var(--cc-muted); font-size: 0.85em; }
.cc-when {
  margin-right: 0.45em; font-weight: 600;
  color: var(--cc-muted); font-variant-numeric: tabular-nums;
}
.cc-shuffled ol { list-style-type: upper-alpha; }
.cc-letters { font-weight: 600; color: var(--cc-accent); letter-spacing: 0.08em; }
.cc-letter {
  display: inline-block; min-width: 1.3em; margin-right: 0.35em;
  font-weight: 700; color: var(--cc-accent);
}
.cc-revealed .cc-choices { display: none; }
.cc-right { color: var(--cc-right); font-weight: 600; }
.cc-wrong { color: var(--cc-muted); }
.cc-picture img { display: block; max-width: 100%; height: auto; margin: 0.6em auto; }
.cc-explanation {
  margin-top: 1em; padding: 0.6em 0.8em; border-radius: 6px; background: var(--cc-panel);
}
.cc-source { margin-top: 0.8em; font-size: 0.8em; color: var(--cc-muted); }
.cc-source::before { content: "— "; }
.cc .cloze { font-weight: 700; color: var(--cc-accent); }
.cc-region-answer .cloze { color: inherit; }
.cc-region-answer .cloze-inactive { display: none; }
#image-occlusion-canvas {
  --inactive-shape-color: #ffeba2;
  --active-shape-color: #ff8e8e;
  --inactive-shape-border: 1px #212121;
  --active-shape-border: 1px #212121;
  --highlight-shape-color: #ff8e8e00;
  --highlight-shape-border: 1px #ff8e8e;
}
@media (max-width: 480px) {
  .card { font-size: 18px; }
  .cc { padding: 0.25rem 0.4rem; }
}
"""
