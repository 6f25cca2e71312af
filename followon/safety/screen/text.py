"""Text normalisation for the message screen: one canonical form for texting, typos and British spelling.

Members write the way people text: lowercase, no punctuation, "cant", "im", "u", "wanna", repeated
letters ("sooo", "byeee"), doubled or dropped letters ("tabblets", "kil"). Rather than write every
variant into every rule, the screen maps both the message and every rule pattern to the same
*squeezed* form:

* lower case, curly quotes straightened, apostrophes inside words dropped ("can't" -> "cant");
* quotation marks kept as the token ``qmark`` so reported speech ("she said 'I can't go on'") can be seen, except
  a pair that wraps the whole message, which is the author's own words (see ``_WHOLLY_QUOTED``);
* everything else that is not a letter or digit becomes a space;
* common texting forms and contractions get one spelling (``u`` -> ``you``, ``cannot`` -> ``cant``,
  ``i am`` -> ``im``, ``no one`` -> ``nobody``, ``any more`` -> ``anymore``);
* every run of the same letter is squeezed to one letter ("killlll", "kill" and "kil" all become
  "kil"; "sooo" becomes "so").

Rule authors write patterns in ordinary spelling; :func:`squeeze_pattern` squeezes the literal
letters of a pattern when it is compiled. The price is that a few word pairs meet ("feel"/"fell",
"off"/"of", "good"/"god"): write patterns so that this cannot matter (the rules' must-not-fire
examples check it).
"""

import re
import unicodedata

# A run of the same letter, in text (any letter) and in a regex pattern (not an escape like \b).
_RUN = re.compile(r"([a-z])\1+")
_PATTERN_RUN = re.compile(r"(?<!\\)([a-z])\1+")


def squeeze(text: str) -> str:
    """Collapse every run of one repeated letter to a single letter."""
    return _RUN.sub(r"\1", text)


def squeeze_pattern(pattern: str) -> str:
    """Squeeze the literal letters of a regex pattern, leaving escapes (\\b, \\s, \\w) alone."""
    return _PATTERN_RUN.sub(r"\1", pattern)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_DOUBLE_QUOTE_MARKS = '"“”„«»″'
_DOUBLE_QUOTES = re.compile(f"[{_DOUBLE_QUOTE_MARKS}]")
_LAUGHING = re.compile("[\U0001f602\U0001f923\U0001f606\U0001f605\U0001f639]")
# Sentence boundaries: ., ! and ? followed by a space or the end, semicolons and line breaks.
# An ellipsis is a pause, not a boundary: texters write "i cant...carry on".
_ELLIPSIS = re.compile(r"\.{2,}|…")
_BOUNDARY = re.compile(r"[.!?]+(?=\s|$)|[;\n\r]+")
_INNER_APOSTROPHE = re.compile(r"(?<=[a-z0-9])'(?=[a-z])")
_QUOTE_MARK = re.compile(r"'")
# A message that is wholly one quotation, with nothing outside the marks ('"I want to die"'), names nobody else as
# saying it: it is the author's own words, in marks for emphasis or pasted from a note. It is read without them
# (2026.12.35, ADR 0010): left as ``qmark`` tokens, the learned layer read it as someone else's words and could
# overrule the rules' finding on the author. Only one pair, wrapping everything: any other quotation mark inside
# (reported speech within it) leaves the message as it is.
_WHOLLY_QUOTED = re.compile(rf"\A\s*[{_DOUBLE_QUOTE_MARKS}']([^{_DOUBLE_QUOTE_MARKS}]*)[{_DOUBLE_QUOTE_MARKS}']\s*\Z")
_LONE_QUOTE_MARK = re.compile(r"(?<![^\W_])'|'(?![^\W_])")
_NON_WORD = re.compile(r"[^a-z0-9 \n]+")
_SPACES = re.compile(r"\s+")

# One spelling for texting forms, contractions written without apostrophes and common typos.
# Keys are single tokens; they are squeezed before use, so "wannna" finds "wanna".
_TOKEN_MAP = {
    "u": "you",
    "ya": "you",
    "yu": "you",
    "ur": "your",
    "youre": "your",
    "r": "are",
    "cos": "because",
    "coz": "because",
    "cuz": "because",
    "becos": "because",
    "becuz": "because",
    "bcos": "because",
    "bc": "because",
    "wanna": "want to",
    "wana": "want to",
    "wannna": "want to",
    "wnt": "want",
    "wnat": "want",
    "wamt": "want",
    "gonna": "going to",
    "gunna": "going to",
    "gona": "going to",
    "goin": "going",
    "gotta": "got to",
    "dunno": "dont know",
    "kinda": "kind of",
    "tho": "though",
    "thru": "through",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tmrw": "tomorrow",
    "tmw": "tomorrow",
    "tomoz": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "2nite": "tonight",
    "2night": "tonight",
    "tonite": "tonight",
    "2day": "today",
    "b4": "before",
    "ppl": "people",
    "pls": "please",
    "plz": "please",
    "luv": "love",
    "nite": "night",
    "wiv": "with",
    "wivout": "without",
    "witout": "without",
    "wat": "what",
    "wot": "what",
    "wats": "whats",
    "wots": "whats",
    "nuthin": "nothing",
    "nothin": "nothing",
    "nuffin": "nothing",
    "nowt": "nothing",
    "owt": "anything",
    "anythin": "anything",
    "sumthin": "something",
    "somethin": "something",
    "summat": "something",
    "sum1": "someone",
    "some1": "someone",
    "ne1": "anyone",
    "any1": "anyone",
    "every1": "everyone",
    "evry1": "everyone",
    "evryone": "everyone",
    "evrything": "everything",
    "everythin": "everything",
    "evrythin": "everything",
    "no1": "nobody",
    "noone": "nobody",
    "carnt": "cant",
    "cnt": "cant",
    "kant": "cant",
    "cannot": "cant",
    "dnt": "dont",
    "didint": "didnt",
    "dint": "didnt",
    "cudnt": "couldnt",
    "coudnt": "couldnt",
    "cudn": "couldnt",
    "wudnt": "wouldnt",
    "wud": "would",
    "cud": "could",
    "shud": "should",
    "iv": "ive",
    "av": "have",
    "ave": "have",
    "bein": "being",
    "doin": "doing",
    "tryin": "trying",
    "feelin": "feeling",
    "nuff": "enough",
    "enuf": "enough",
    "enuff": "enough",
    "anymor": "anymore",
    "nemore": "anymore",
    "tabs": "tablets",
    "tablits": "tablets",
    "meself": "myself",
    "myslef": "myself",
    "mysef": "myself",
    "mself": "myself",
    "strugling": "struggling",
    "struglin": "struggling",
    "strugglin": "struggling",
    "sucidal": "suicidal",
    "suicidle": "suicidal",
    "suicidel": "suicidal",
    "sucide": "suicide",
    "suicid": "suicide",
    "paracetemol": "paracetamol",
    "paracetomol": "paracetamol",
    "desprate": "desperate",
    "lonley": "lonely",
    "alrite": "alright",
    "allright": "alright",
    "bi": "bye",
    "goodby": "goodbye",
    "gudbye": "goodbye",
    "gbye": "goodbye",
    "xx": "",
    "xxx": "",
    "x": "",
}
_TOKEN_MAP = {squeeze(key): squeeze(value) for key, value in _TOKEN_MAP.items()}

# Phrases with one canonical form, in ordinary spelling (squeezed when compiled).
_PHRASES = {
    "i am": "im",
    "i have": "ive",
    "i would": "id",
    "can not": "cant",
    "do not": "dont",
    "will not": "wont",
    "could not": "couldnt",
    "would not": "wouldnt",
    "did not": "didnt",
    "does not": "doesnt",
    "is not": "isnt",
    "are not": "arent",
    "was not": "wasnt",
    "have not": "havent",
    "has not": "hasnt",
    "should not": "shouldnt",
    "it is": "its",
    "that is": "thats",
    "there is": "theres",
    "what is": "whats",
    "she is": "shes",
    "he is": "hes",
    "any more": "anymore",
    "everythings": "everything is",
    "lifes": "life is",
    "tonights": "tonight is",
    "todays": "today is",
    "no one": "nobody",
    "no body": "nobody",
    "any one": "anyone",
    "any body": "anyone",
    "anybody": "anyone",
    "some one": "someone",
    "some body": "someone",
    "somebody": "someone",
    "every one": "everyone",
    "every body": "everyone",
    "everybody": "everyone",
    "my self": "myself",
    "me self": "myself",
    "her self": "herself",
    "him self": "himself",
    "them selves": "themselves",
    "good bye": "goodbye",
    "over dose": "overdose",
}
_PHRASES = {squeeze(key): squeeze(value) for key, value in _PHRASES.items()}
_PHRASE = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _PHRASES), key=len, reverse=True)) + r")\b")
# "self harm" and "self-harm" become one word; "2" means "to" after the verbs where it matters
# ("want 2 die"), not in "in 2 days".
_SELF_HARM = re.compile(r"\bself harm")
_TWO = re.compile(squeeze_pattern(r"\b(want|wanted|going|need|have|got|ready|time|try|trying|tried) 2\b"))


def _unquoted(text: str) -> str:
    """The message without the pair of quotation marks that wraps all of it, if one does (see ``_WHOLLY_QUOTED``)."""
    match = _WHOLLY_QUOTED.match(text)
    if match is None or _LONE_QUOTE_MARK.search(match.group(1)):
        return text
    return match.group(1)


def normalise(text: str) -> list[str]:
    """The message as a list of normalised, squeezed sentence segments (empty segments dropped)."""
    text = _unquoted(unicodedata.normalize("NFKC", text).translate(_APOSTROPHES))
    text = _LAUGHING.sub(" lol ", text).casefold()
    text = _ELLIPSIS.sub(" ", text)
    # Sentence boundaries become line breaks; every later step keeps them.
    text = _BOUNDARY.sub("\n", text)
    text = _DOUBLE_QUOTES.sub(" qmark ", text)
    text = _INNER_APOSTROPHE.sub("", text)
    text = _QUOTE_MARK.sub(" qmark ", text).replace("&", " and ")
    text = squeeze(_NON_WORD.sub(" ", text))
    lines = []
    for line in text.split("\n"):
        line = " ".join(filter(None, (_TOKEN_MAP.get(token, token) for token in line.split())))
        if line:
            lines.append(line)
    text = _PHRASE.sub(lambda match: _PHRASES[match.group()], "\n".join(lines))
    text = _TWO.sub(r"\1 to", _SELF_HARM.sub("selfharm", text))
    return text.split("\n") if text else []
