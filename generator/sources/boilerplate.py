"""Site rules: which lines and headings belong to the website, not the article.

In: a line, block text or heading. Out: whether it is page furniture
(navigation, cookie and footer text, language lists, edit markers, citation
lines), whether a heading opens the back matter ("See also", "References", ...),
and a heading without its "[edit]" marker. One list per kind of site, so a new
encyclopedia means new patterns here and nowhere else.
"""

from __future__ import annotations

import re

# Kiddle (the bundled sample's site).
_KIDDLE = [
    r"kids encyclopedia robot",
    r"kids encyclopedia facts",
    r"quick facts for kids",
    r"kids search engine",
    r".*facts for kids\. kiddle encyclopedia\.?",
    r"(kids robot\.svg\s*)?in spanish:.*",
    r"all content from kiddle encyclopedia articles.*",
    r"cite this article:?",
]
# Wikipedia and its mirrors, as copied from a browser or dumped by a text browser.
_WIKIPEDIA = [
    r"jump to (navigation|search|content)(\s+jump to (navigation|search|content))*",
    r"from (wikipedia, )?the free encyclopedia\.?",
    r"main page\b.*",
    r"(toggle the )?table of contents( toggle)?",
    r"(contents|hide|show|\[hide\]|\[show\]|move to sidebar hide|navigation menu|personal tools|tools)",
    r"(not logged in|create account|log in)(\s+(talk|contributions|create account|log in))*",
    r"(article|read)\s+(talk|edit|view (source|history)).*",
    r"retrieved from\s*[\"“\w].*",
    r"(hidden )?categor(y|ies)\s*:.*",
    r"this page was last (edited|modified) on .*",
    r"text is available under the creative commons.*",
    r"(privacy policy|about wikipedia|disclaimers|contact wikipedia|code of conduct|developers|"
    r"statistics|cookie statement|mobile view)(\s+.*)?",
    r"[\"“].*[\"”] redirects here\..*",
    r"(for other uses|for the .*), see .*",
    r"this article is about .*",
    r"(main article|further information|see also|main articles)\s*:.*",
    r"coordinates\s*:.*",
    r"\(?(listen|help·info)\)?",
    r"wikimedia commons has media related to .*",
]
# Britannica Kids and other school encyclopedias.
_SCHOOL = [
    r"britannica kids",
    r"(cite|print|share|images|videos|related|citation information)",
    r"(article title|website name|publisher|date published|url|access date)\s*:.*",
    r"©.*",
    r".*all rights reserved\.?",
    r"(about us|terms of use|terms and conditions|contact|sitemap|subscribe|sign in|search)",
]
# Cookie banners and site footers of any site.
_ANY = [
    r".*\b(we|this (web)?site) uses? cookies\b.*",
    r".*\bcookies?\b.*\b(accept|consent|preferences|settings|policy)\b.*",
    r"(accept|reject|allow|manage)( all)?( cookies| preferences)?",
    r"(skip to (main )?content|back to top|advertisement|sponsored)",
    r"\^\s.*",  # a citation line ("^ Smith, J. (1998) ...") outside the references
    r"↑.*",
]
_FURNITURE = re.compile("^(?:" + "|".join(_KIDDLE + _WIKIPEDIA + _SCHOOL + _ANY) + r")$", re.I)

# A run of short items separated by bars or dots: a menu ("Home | Animals | History").
_MENU_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s{2,}")

# Headings past which the page is reference matter, not reading text.
BACK_MATTER = re.compile(
    r"^(see also|references|notes|footnotes|citations|sources|bibliography|external links|"
    r"further reading|other websites|related pages|languages|in other languages|"
    r"navigation menu|related articles|popular articles)$",
    re.I,
)
SEE_ALSO = re.compile(r"^(see also|related pages|related articles)$", re.I)

_EDIT_MARKER = re.compile(r"\s*\[\s*(edit|edit source|change|change source|modifier)\s*\]\s*", re.I)

# Names languages give themselves on the language menus of encyclopedia sites.
LANGUAGE_NAMES = frozenset(
    """
    afrikaans alemannisch አማርኛ العربية aragonés asturianu azərbaycanca تۆرکجه беларуская български
    বাংলা bosanski brezhoneg català čeština cymraeg dansk deutsch eesti ελληνικά english español
    esperanto euskara فارسی suomi français gaeilge galego עברית हिन्दी hrvatski magyar հայերեն
    interlingua bahasa indonesia italiano 日本語 ქართული қазақша 한국어 kurdî кыргызча latina
    lietuvių latviešu македонски മലയാളം монгол मराठी bahasa melayu nederlands norsk bokmål nynorsk
    occitan polski português română русский slovenčina slovenščina shqip српски srpskohrvatski
    svenska kiswahili தமிழ் తెలుగు тоҷикӣ ไทย türkmençe tagalog türkçe татарча українська اردو
    oʻzbekcha tiếng việt 中文 粵語 norsk српски / srpski simple english bahasa
    """.split()
) | {"bahasa indonesia", "bahasa melayu", "norsk bokmål", "tiếng việt", "simple english"}


def is_furniture(text: str) -> bool:
    """Whether a line or block is the website's, not the article's."""
    line = text.strip().strip("*•·-– ").strip()
    # A long paragraph is article text, whatever it says.
    if not line or len(line) > 600 or line.count(" ") > 60:
        return False
    if _FURNITURE.match(line) or is_menu(line):
        return True
    return line.count(" ") <= 30 and is_language_list([line])


def is_menu(line: str) -> bool:
    """ "Home | Animals | Geography | History": three or more short items, no sentence."""
    items = [i for i in _MENU_SEPARATOR.split(line.strip()) if i]
    if len(items) < 3 or re.search(r"[.!?]$", line.strip()):
        return False
    return all(len(i.split()) <= 4 for i in items)


def is_language_list(lines: list[str]) -> bool:
    """A block or line made mostly of language names ("Deutsch", "Español", "中文")."""
    names = [n.strip(" *•·-–|,").lower() for ln in lines for n in re.split(r"\s*[|·•,]\s*|\s{2,}|\n", ln)]
    names = [n for n in names if n]
    if len(lines) == 1 and len(names) == 1:
        words = names[0].split()
        if len(words) < 3:
            return False
        names = words
    known = sum(n in LANGUAGE_NAMES for n in names)
    return len(names) >= 3 and known >= 0.6 * len(names)


def without_edit_marker(heading: str) -> str:
    """'History[edit]' -> 'History'."""
    return _EDIT_MARKER.sub(" ", heading).strip()
