"""The screen's clinical taxonomy: families of risk, the labels data is written against, and concepts.

This is the spine of the screen (docs/adr/0010-message-screen.md, issue 14). Everything else hangs
off it:

* **Families** say *what kind* of risk (or of harmless talk) a message is, each with the level a duty
  clinician would expect and the words a clinician reads in the queue ("Overdose already taken:
  call 999"). Rules name their family; results name families; `make eval-screen` reports recall per
  family. The family ids and the label scheme are shared with the people who write training and blind
  evaluation data: never rename one.
* **Concepts** are small, reviewable word lists of clinical knowledge (medicines people with chronic
  pain keep at home, a large quantity, alcohol, a recent time, a bridge or a train line, saving or
  counting tablets, letters, a burden, ...). Each is a feature of the learned model and, when it
  pushes a message towards a flag, part of the explanation in words. Concepts are not rules: alone
  they never flag anything.

Patterns are in ordinary spelling and run on the normalised, squeezed text (see ``text.py``): lower
case, no apostrophes ("im", "ive", "dont"), texting forms standardised, runs of a letter squeezed.
"""

from dataclasses import dataclass

from .model import Level

# Labels in the data files (training and blind evaluation): columns id,kind,label,family,text.
LABELS = ("urgent", "concern", "hard_negative", "everyday", "support")
KINDS = ("short", "long")
# The level each label expects. Concern families also accept urgent (see the taxonomy brief).
EXPECTED_LEVEL = {
    "urgent": Level.URGENT,
    "concern": Level.CONCERN,
    "hard_negative": Level.NONE,
    "everyday": Level.NONE,
    "support": Level.NONE,
}


@dataclass(frozen=True)
class Family:
    """One family of the taxonomy: its id (shared with the data writers), expected level and words."""

    id: str
    level: Level
    words: str  # what a duty clinician reads: short, plain, actionable


FAMILIES: tuple[Family, ...] = (
    # Urgent: possible risk to life now.
    Family("active_thoughts", Level.URGENT, "Active thoughts of suicide or of ending their life"),
    Family("method", Level.URGENT, "A method or means of suicide named (tablets, a bridge, a rope, a train line)"),
    Family("intent", Level.URGENT, "States an intent or a decision to act"),
    Family("plan_timeframe", Level.URGENT, "A plan, a place or a time to act"),
    Family(
        "preparatory_acts",
        Level.URGENT,
        "Preparing to die: saving or counting tablets, researching doses, letters, giving things away, final goodbyes",
    ),
    Family("attempt", Level.URGENT, "A suicide attempt, recent or interrupted, even if told in the past tense"),
    Family("self_harm", Level.URGENT, "Current or recent self-harm"),
    Family("overdose_taken", Level.URGENT, "Overdose already taken: call 999"),
    Family(
        "other_at_risk_now", Level.URGENT, "Someone else is at risk now: a plan, a method, an attempt or an overdose"
    ),
    # Concern: distress the pain service should know about (urgent also acceptable).
    Family("passive_wish", Level.CONCERN, "Wishes to be dead or not to wake up"),
    Family("hopelessness", Level.CONCERN, "Hopelessness: nothing will ever get better"),
    Family("entrapment", Level.CONCERN, "Feels trapped in the pain with no way out"),
    Family("burdensomeness", Level.CONCERN, "Feels a burden: others would be better off without them"),
    Family("isolation", Level.CONCERN, "Profound loneliness: nobody to turn to"),
    Family("cant_cope", Level.CONCERN, "Not coping: overwhelmed, at breaking point"),
    Family("concern_for_other", Level.CONCERN, "Worried about another person's safety or mood"),
    Family("past_ideation", Level.CONCERN, "Past suicidal thoughts or self-harm that may matter now"),
    # None: hard negatives (look alarming, are not) and everyday talk.
    Family("pain_idiom", Level.NONE, "A figure of speech about pain or tiredness"),
    Family("recovery_story", Level.NONE, "A distant, resolved past told as recovery"),
    Family("hospital_goodbye", Level.NONE, "A goodbye that is not final (an operation, a move, a holiday)"),
    Family("medication_talk", Level.NONE, "Ordinary talk about medicines"),
    Family("support_reply", Level.NONE, "Supporting someone else or signposting"),
    Family("other_dark", Level.NONE, "Grief, news or dark humour without risk to the writer"),
    Family("everyday", Level.NONE, "Everyday pain and group talk"),
)
FAMILY_BY_ID = {family.id: family for family in FAMILIES}
AT_RISK_FAMILIES = tuple(family.id for family in FAMILIES if family.level is not Level.NONE)


@dataclass(frozen=True)
class Concept:
    """A piece of clinical knowledge as a word list: a model feature and, when it counts, words for the queue.

    ``family`` is the taxonomy family the concept belongs to (or ``voice`` for whose words they are).
    ``words`` is what a clinician reads when the concept helped raise a flag.
    """

    id: str
    family: str
    words: str
    patterns: tuple[str, ...]


# Medicines people with chronic pain keep at home (the taxonomy brief), with common misspellings.
MEDICINES = (
    r"(?:tablets?|pills?|meds|medication|medicines?|painkillers?|pain killers?|morphine|oramorph|zomorph|tramadol"
    r"|codeine|co codamol|cocodamol|dihydrocodeine|oxycodone|oxycontin|oxynorm|fentanyl|buprenorphine"
    r"|butrans|patch|patches|paracetamol|parecetamol|ibuprofen|nurofen|naproxen|amitriptyline|amitriptyline"
    r"|amitryptiline|nortriptyline|duloxetine|gabapentin|gabapentine|pregabalin|lyrica|diazepam|valium|benzos?"
    r"|lorazepam|temazepam|zopiclone|sleeping (?:tablets|pills)|sleepers|sertraline|citalopram|mirtazapine"
    r"|antidepressants|insulin|dosette|blister packs?|strips?|prescriptions?|repeats?)"
)

CONCEPTS: tuple[Concept, ...] = (
    # --- Urgent families -------------------------------------------------------------------------
    Concept(
        "suicide_words",
        "active_thoughts",
        "talks of suicide or of ending their life",
        (
            r"\bsuicid\w*",
            r"\bkill(?:ing|ed)? myself\b",
            r"\b(?:end|ending|ended|take|taking|took) (?:my|her|his) (?:own )?life\b",
            r"\bend(?:ing)? (?:it|it all|everything|things|myself)\b",
            r"\b(?:top|topping|unalive|off) myself\b",
            r"\bcheck(?:ing)? out (?:for good|early|permanently)\b",
            r"\b(?:do|doing|done) myself in\b",
            r"\bcall(?:ing)? it a day\b",
        ),
    ),
    Concept(
        "death_wish",
        "active_thoughts",
        "wants to die or not to be alive",
        (
            r"\b(?:want|wanna|wanted|wish|wishing|ready|long|longing) (?:to )?(?:die|be dead|be gone)\b",
            r"\bdont want to (?:be here|be alive|live|exist|carry on|go on|be around)\b",
            r"\bbetter off dead\b",
            r"\b(?:rather|sooner) be dead\b",
            r"\b(?:tired|sick) of (?:living|life|being alive|existing)\b",
            r"\bdone with (?:life|living|being alive|it all|everything)\b",
            r"\bnot (?:want|wanting) to (?:be here|live|wake)\b",
        ),
    ),
    Concept(
        "not_waking",
        "passive_wish",
        "wishes not to wake up or to slip away",
        (
            r"\b(?:not|never|didnt|dont|wouldnt) wak(?:e|ing) up\b",
            r"\bsleep (?:for good|forever|for ever)\b",
            r"\b(?:slip|fade|drift) away\b",
            r"\bwouldnt (?:care|mind) if\b",
            r"\bhit by a (?:bus|car|lorry)\b",
            r"\bif (?:a|the) (?:bus|car|lorry)\b",
            r"\bwish (?:it|i) (?:was|were|would be) (?:over|dead|gone)\b",
            r"\bnot be here\b",
            r"\btake me\b",
        ),
    ),
    Concept("medicine", "method", "names a medicine kept at home", (rf"\b{MEDICINES}\b",)),
    Concept(
        "quantity",
        "overdose_taken",
        "a large quantity (all of them, the lot, whole boxes)",
        (
            r"\ball (?:of )?(?:my|the|me|mine|them|those|these|her|his|of them)\b",
            r"\bthe (?:lot|whole lot)\b",
            r"\b(?:whole|full|entire|two|three|four|five|\d+) (?:box|boxes|packet|packets|packs?|bottles?|strips?"
            r"|months?|weeks)\b",
            r"\b(?:a|two|three|several|couple of) (?:box|boxes|packets|bottles|strips|handfuls?) of\b",
            r"\b(?:handful|handfuls|loads|load|lots|bunch|stack|pile|stash|stockpile|supply) (?:of|o)\b",
            r"\b(?:a lot|too many|lost count|one after (?:the other|another)|every (?:single )?one|all at once"
            r"|in one go|double|treble|extra)\b",
            r"\benough (?:to|of|tablets|pills)\b",
            r"\b\d{2,3} (?:tablets|pills|of them|mg)\b",
        ),
    ),
    Concept(
        "alcohol",
        "overdose_taken",
        "with alcohol",
        (
            r"\b(?:wine|vodka|whisky|whiskey|gin|rum|brandy|beer|cider|lager|prosecco|booze|sherry|port|bourbon"
            r"|alcohol|drunk|bottle|drinking|pints?)\b",
        ),
    ),
    Concept(
        "has_taken",
        "overdose_taken",
        "says they have taken or are taking something",
        (
            r"\b(?:ive|i|just|have|has|already|im) (?:just |already |now )?(?:taken|took|swallowed|necked|downed"
            r"|had|put on|injected|done)\b",
            r"\b(?:took|taken|swallowed|necked|downed|swallowing|necking|taking) (?:all|the|them|it|my|a|loads"
            r"|every|too|some|half|both|\d+)\b",
            r"\boverdo(?:se|sed|sing|ne it)\b",
            r"\b(?:od|oded|odd)\b",
            r"\b(?:feel|feeling) (?:sleepy|drowsy|woozy|funny|sick|dizzy|weird|numb)\b",
            r"\bwont (?:need|be needing)\b",
        ),
    ),
    Concept(
        "saving_counting",
        "preparatory_acts",
        "saving, hiding or counting tablets, or researching doses",
        (
            r"\b(?:saving|saved|save|stockpil\w*|hoard\w*|stash\w*|squirrel\w*|hid|hiding|hidden|hide|keeping"
            r"|kept|putting by|put by|put aside|putting aside|stored|storing|collecting|collected|not taking)\b",
            r"\bcount(?:ed|ing|s)?\b",
            r"\bhow (?:many|much) (?:it|would|id|i would|you|to|would it|of)\b",
            r"\b(?:lethal|fatal|deadly|toxic)\b",
            r"\b(?:googl\w*|look(?:ed|ing)? up|research\w*|read(?:ing)? up|searched|searching|worked out"
            r"|working out)\b",
        ),
    ),
    Concept(
        "letters_affairs",
        "preparatory_acts",
        "letters or notes, putting affairs in order, giving things away",
        (
            r"\b(?:letters?|notes?|cards?) (?:to|for) (?:my|the|each|both|all|him|her|them|everyone)\b",
            r"\b(?:wrote|written|writing|write) (?:letters?|notes?|to (?:my|each|both|all))\b",
            r"\b(?:goodbye|farewell|suicide|last) (?:letters?|notes?|messages?|texts?)\b",
            r"\b(?:affairs|things|everything|paperwork|finances|will) (?:in order|sorted|straight)\b",
            r"\b(?:sorted|sorting|sort|made|updated|changed|wrote|written|done) (?:out )?(?:my|the) (?:will|funeral"
            r"|paperwork|finances|passwords|insurance|life insurance)\b",
            r"\b(?:gave|give|giving|given) (?:away|back)\b",
            r"\bwho (?:gets|should have|will have|has) what\b",
            r"\b(?:rehom\w*|new home for)\b",
            r"\binheritance\b",
            r"\bfuneral (?:plan|wishes|music|songs?|arrangements)\b",
            r"\b(?:cancelled|cancel|stopped) (?:my|the) (?:direct debits|subscriptions|papers|milk)\b",
        ),
    ),
    Concept(
        "final_words",
        "preparatory_acts",
        "a goodbye or thanks that reads as final",
        (
            r"\b(?:thank you|thanks) (?:all |so much |everyone )?for everything\b",
            r"\b(?:goodbye|farewell|bye)\b",
            r"\bforgive me\b",
            r"\b(?:wont|will not|not going to|wont be) be (?:here|around|needing|needed)\b",
            r"\bwont be (?:here|around|needing)\b",
            r"\b(?:for|one) (?:the )?last time\b",
            r"\bfor good\b",
            r"\blook after (?:each other|yourselves|him|her|them|my|the)\b",
            r"\b(?:love you all|i love you all|sorry for everything|im sorry|so sorry)\b",
            r"\bthis is (?:it|the end|my last)\b",
            r"\b(?:wanted|want|needed) (?:you|you all|you lot|everyone) to know\b",
        ),
    ),
    Concept(
        "method_place",
        "method",
        "a place to die (a bridge, a cliff, a train line, deep water)",
        (
            r"\b(?:bridge|viaduct|flyover|cliff|cliffs|car park|multi storey|multistorey|roof|rooftop|balcony|ledge"
            r"|edge|platform|railway|rail|track|tracks|line|train|trains|level crossing|motorway|dual carriageway"
            r"|traffic|lorry|river|sea|canal|reservoir|quarry|lake|weir|tide|woods)\b",
        ),
    ),
    Concept(
        "method_act",
        "method",
        "a way of dying (jumping, hanging, drowning, a blade, car exhaust)",
        (
            r"\b(?:jump|jumping|jumped|leap|step off|stepped off|step out|stepped out|walk out|walked out|throw"
            r"|threw|go over|going over|went over|drive off|drive into|crash|steer)\b",
            r"\b(?:hang|hanging|hanged|rope|noose|ligature|belt|cord|beam|banister|loft)\b",
            r"\b(?:drown|drowning|drowned|walk into the|under the water|in the bath)\b",
            r"\b(?:knife|knives|blade|blades|razor|razors|scissors|glass)\b",
            r"\b(?:exhaust|engine running|hosepipe|hose|gas|fumes|carbon monoxide|charcoal)\b",
            r"\b(?:in front of|under (?:a|the))\b",
            r"\b(?:gun|shotgun|shoot)\b",
        ),
    ),
    Concept(
        "self_harm_act",
        "self_harm",
        "harming themselves (cutting, burning, hitting, scratching)",
        (
            r"\bselfharm\w*\b",
            r"\b(?:cut|cutting|cuts|burn|burnt|burned|burning|burns|hit|hitting|punch|punched|punching|scratch"
            r"|scratched|scratching|bite|bit|biting|bash|bashed|banging|banged|hurt|hurting|harm|harming|stab"
            r"|stabbed) (?:myself|my (?:arms?|legs?|thighs?|wrists?|skin|stomach|head|hands?|self))\b",
            r"\b(?:bleed|bled|bleeding|blood|scars?|marks|wounds?|plasters?|bandages?|sleeves|long sleeves)\b",
            r"\bon purpose\b",
            r"\b(?:relief|release) (?:of|from) (?:the )?(?:pain|cutting|it)\b",
        ),
    ),
    Concept(
        "intent_words",
        "intent",
        "an intent or a decision (made up my mind, going to do it)",
        (
            r"\b(?:made up my mind|mind is made up|decided|decision|my choice|no going back|not changing my mind)\b",
            r"\b(?:going to|gona|will|il|im) (?:do it|go through with it|finish it|end it)\b",
            r"\b(?:mean|meant) it\b",
            r"\b(?:ready|prepared|calm|at peace|peaceful) (?:now|about it|with it)\b",
            r"\b(?:its|it is) time\b",
            r"\bnot (?:scared|afraid|frightened) (?:anymore|of dying|to die)\b",
            r"\bthe (?:answer|only way|only option|way out)\b",
        ),
    ),
    Concept(
        "timeframe",
        "plan_timeframe",
        "a time or a moment to act (tonight, when they are out, after a date)",
        (
            r"\b(?:tonight|tomorrow|this weekend|this week|weekend|friday|saturday|sunday|monday|tuesday|wednesday"
            r"|thursday|later|soon|by the morning|in the morning|after|once|when (?:he|she|they|the kids|the house"
            r"|everyone|hes|shes|im alone|im on my own)|before|on my birthday|anniversary|christmas|new year"
            r"|the day|the date|picked|set a date|chosen)\b",
        ),
    ),
    Concept(
        "plan_words",
        "plan_timeframe",
        "a plan (worked out how, when or where)",
        (
            r"\b(?:plan|plans|planned|planning|worked out|figured out|know exactly|know how|know where|know when"
            r"|all sorted|its sorted|everything ready|got it all|ive got it)\b",
            r"\bhow (?:i|id|il|im going to|to) (?:do it|end it|go)\b",
        ),
    ),
    Concept(
        "attempt_words",
        "attempt",
        "an attempt, or being stopped or found",
        (
            r"\b(?:tried|try|trying|attempt\w*) (?:to )?(?:end|kill|take|do it|overdose|hang|jump|go|again|it)\b",
            r"\b(?:stopped|found|caught|pulled|talked|dragged|grabbed) (?:me|myself)\b",
            r"\b(?:was|got|been|threw up|vomited|be) sick\b",
            r"\b(?:stomach pumped|a and e|a e|ambulance|paramedics|resus|crisis team|sectioned|psych ward|charcoal)\b",
            r"\b(?:woke up|came round|came to) (?:in|on|and)\b",
            r"\b(?:didnt|did not|doesnt|wont) work\b",
            r"\b(?:still here|survived|failed)\b",
            r"\bchanged my mind\b",
        ),
    ),
    Concept(
        "recent",
        "attempt",
        "recently (last night, last week, on Tuesday)",
        (
            r"\b(?:last (?:night|week|weekend|month|tuesday|monday|wednesday|thursday|friday|saturday|sunday|time)"
            r"|yesterday|the other (?:day|night|week)|(?:few|couple of|two|three) (?:days|weeks|nights) ago"
            r"|this (?:morning|afternoon|evening)|earlier|just now|an hour ago|minutes ago|on (?:monday|tuesday"
            r"|wednesday|thursday|friday|saturday|sunday))\b",
        ),
    ),
    Concept(
        "other_person_risk",
        "other_at_risk_now",
        "someone else (a member, a relative) is named with the risk",
        (
            r"\b(?:she|he|shes|hes|her|his|him|they|theyve|theyre|theyll)\b"
            r"(?: \w+){0,4} (?:tablets|pills|bridge|rope|overdose|end it|kill|jump|goodbye|taken|took|letters?)\b",
            r"\b(?:tablets|pills|bridge|rope|overdose|letters?)(?: \w+){0,3} (?:she|he|her|his|him|they)\b",
        ),
    ),
    # --- Concern families ------------------------------------------------------------------------
    Concept(
        "hopeless",
        "hopelessness",
        "no hope: nothing will get better, no point",
        (
            r"\b(?:no hope|hopeless\w*|lost hope|given up hope|no future|no point|pointless|whats the point"
            r"|what is the point|nothing to look forward|nothing will (?:ever )?change|never (?:going to |gona )?get"
            r"(?:ting)? better|wont (?:ever )?get better|this is it now|give up|given up|giving up|no light)\b",
        ),
    ),
    Concept(
        "trapped",
        "entrapment",
        "trapped with no way out",
        (
            r"\b(?:trapped|no way out|no escape|cant escape|cant get out|stuck|prison|prisoner|cage|caged|locked in"
            r"|existing|isnt (?:really )?living|not (?:really )?living|no life|half a life|shell of)\b",
        ),
    ),
    Concept(
        "burden",
        "burdensomeness",
        "feels a burden, others better off without them",
        (
            r"\b(?:burden|burdens|without me|in the way|drain on|dragging (?:them|everyone|him|her) down|waste of"
            r"|useless|no use to|costing|ruining (?:their|his|her|everyone)|holding (?:them|him|her|everyone) back"
            r"|be better off|happier if|easier for (?:them|everyone|him|her)|free (?:them|him|her))\b",
            r"\bif i (?:was|were|wasnt|werent) (?:gone|here|around|dead)\b",
            r"\b(?:disappeared|disappear|vanish|vanished)\b",
        ),
    ),
    Concept(
        "alone",
        "isolation",
        "alone, nobody to turn to",
        (
            r"\b(?:lonely|loneliness|alone|on my own|by myself|isolated|nobody|no friends|not a soul|not spoken"
            r"|havent spoken|havent seen|nobody rings|nobody calls|no one|no1|invisible|forgotten|cut off)\b",
        ),
    ),
    Concept(
        "overwhelmed",
        "cant_cope",
        "not coping, at breaking point",
        (
            r"\b(?:cant cope|not coping|breaking point|end of my tether|falling apart|fall apart|cant take"
            r"|cant do (?:this|it)|too much|overwhelm\w*|breakdown|crying|cried|sobbing|in pieces|at the end"
            r"|cant (?:carry|go) on|cant keep going|losing it|lost it|struggling|drowning|panic\w*|cant breathe"
            r"|snapped|broken|rock bottom|dark place|darkest)\b",
        ),
    ),
    Concept(
        "worry_for_other",
        "concern_for_other",
        "worried about someone else (not answering, gone quiet)",
        (
            r"\b(?:worried|worrying|worries|concerned|scared) (?:about|for|sick)\b",
            r"\b(?:not|hasnt|havent|isnt|wasnt) (?:answering|replying|responding|picking up|been on|heard|seen)\b",
            r"\b(?:phone|mobile) (?:off|dead|going to voicemail|straight to)\b",
            r"\b(?:gone|went|been) (?:quiet|silent|awol)\b",
            r"\b(?:has|have) (?:anyone|anybody|any of you) (?:heard|seen|spoken|checked)\b",
            r"\bnot (?:like|herself|himself|themselves)\b",
            r"\bcheck (?:on|in on) (?:her|him|them)\b",
        ),
    ),
    Concept(
        "past_marker",
        "past_ideation",
        "told as in the past",
        (
            r"\b(?:years ago|year ago|used to|back then|back in|long time ago|ages ago|at my lowest|at one point"
            r"|in the past|once|before the (?:pmp|programme|course|group)|when i was|when i first|those days"
            r"|there was a time|when (?:the|my) (?:pain|diagnosis) started)\b",
        ),
    ),
    Concept(
        "coming_back",
        "past_ideation",
        "something from the past coming back",
        (
            r"\b(?:coming back|creeping back|come back|came back|back again|again|returning|returned|starting"
            r"|started|lately|recently|these days|this week|old thoughts|same thoughts|those thoughts)\b",
        ),
    ),
    # --- None families (harmless talk that can look alarming) -------------------------------------
    Concept(
        "distant_past",
        "recovery_story",
        "long ago (a year long past, decades, 'when I was young')",
        (
            r"\b(?:19|20)\d\d\b",
            r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty"
            r"|many|several|some|few) (?:years?|decades?) (?:ago|since|on|later|back|free|clean|now|of)\b",
            r"\b(?:decades|long|ages|years|lifetime) ago\b",
            r"\bin my (?:late |early |mid )?(?:teens|twenties|thirties|forties|fifties|20s|30s|40s|50s)\b",
            r"\bwhen i was (?:\d+|young|younger|a teenager|a girl|a lad|a kid|at school|at uni|first diagnosed)\b",
            r"\b(?:been|stayed) (?:well|free|fine|ok|clean|safe) (?:for|since)\b",
            r"\b(?:another lifetime|back in the day|long behind me|far behind me|a long way back|over a decade"
            r"|a long time ago|going back a long way)\b",
            r"\bim \d+ (?:now|this)\b",
        ),
    ),
    Concept(
        "recovery",
        "recovery_story",
        "told as recovery (got through it, in a better place)",
        (
            r"\b(?:got through|came through|come through|pulled through|better place|turned (?:it|my life|things)"
            r" (?:around|round)|changed my life|saved my life|glad (?:i|im|to be)|grateful|thankful|proof|hope"
            r"|recovered|recovery|survivor|so far|today im|now im|these days im|years clean|years since|never give up"
            r"|does get better|it gets better|it passes|it can pass|it passed|can change|proud of myself"
            r"|different person|good life)\b",
        ),
    ),
    Concept(
        "hospital_trip",
        "hospital_goodbye",
        "a hospital stay, operation, move or holiday",
        (
            r"\b(?:op|operation|surgery|surgeon|anaesthetic|ward|admitted|hospital|knee replacement|hip replacement"
            r"|moving|move|house move|holiday|hols|caravan|cruise|abroad|break|see you (?:on|all|soon|when|after"
            r"|next)|bye for now|back (?:in|on|next|soon)|on the other side|wish me luck)\b",
        ),
    ),
    Concept(
        "medicine_routine",
        "medication_talk",
        "ordinary medicine routine (dose, prescription, pharmacy, side effects)",
        (
            r"\b(?:dose|doses|dosage|mg|prescription|prescribed|pharmacy|pharmacist|chemist|repeat|side effects?"
            r"|taper\w*|upped|increased|reduced|weaning|wean|review|gp|doctor|consultant|nurse|twice a day|once a day"
            r"|at night|in the morning|with food|dosette|collect|collecting|pick up|picked up)\b",
        ),
    ),
    Concept(
        "signposting",
        "support_reply",
        "supporting or signposting someone else",
        (
            r"\b(?:samaritans|116 123|111|999|shout|85258|crisis line|helpline|here for you|were all here"
            r"|we are all here|reach out|please (?:ring|call|talk|message|text|dont|do)|sending (?:love|hugs|you)|hugs"
            r"|youre not alone"
            r"|you are not alone|proud of you|thinking of you|take care|look after yourself|be kind to yourself"
            r"|you matter|dont do anything)\b",
        ),
    ),
    Concept(
        "grief_news",
        "other_dark",
        "grief, the news, a programme or a fundraiser",
        (
            r"\b(?:funeral|passed away|passed|died|death|grief|grieving|bereave\w*|rip|anniversary|documentary"
            r"|programme|film|book|article|news|podcast|fundrais\w*|sponsored|charity|awareness|memorial|vet|put down"
            r"|put to sleep)\b",
        ),
    ),
    # --- Phase 15: classes of words for the shapes told in writers' own words (ADR 0010, phase 15) ----------
    # Each is a class, not a phrase: the learned layer pairs them (in one sentence, in adjacent sentences, in
    # the writer's own words now), so a chore nobody on the team wrote ("the boiler instructions for whoever
    # is here after me") meets the same features as the ones they did.
    Concept(
        "affairs_objects",
        "preparatory_acts",
        "an administrative or care matter (pension, will, funeral, keys, accounts, a pet's new home)",
        (
            r"\b(?:pension|pensions|(?:my|a|the) will(?! be)|insurance|policy|beneficiary|next of kin|probate|solicitor"
            r"|funeral|funeral director|undertaker|hymns?|eulogy|cremation|headstone|passwords?|logins?|log ins?"
            r"|pin numbers?|bank details|account|accounts|direct debits?|subscriptions?|sky|netflix|gym|contract"
            r"|licence|spare keys?|keys|bin days?|boiler|bureau|paperwork|documents|deeds|savings|loose ends"
            r"|hospice shop|charity shop|good coat|jewellery|the car|dog|cat|budgie|rabbit"
            r"|hamster|parrot|pets?|cage|birthday cards|christmas cards|presents|gifts?)\b",
        ),
    ),
    Concept(
        "after_me",
        "preparatory_acts",
        "told as for after they are gone (after me, for whoever, one less thing, not before)",
        (
            r"\b(?:after (?:me|im gone|i go|i am gone|this month|this week|the weekend|that)|when im (?:gone|not here)"
            r"|once im gone|for whoever|whoevers|whoever (?:finds|is here|comes|gets)|one less (?:thing|worry|job)"
            r"|out of pocket|tying (?:off|up)|tied (?:off|up)|loose ends|not before|from tomorrow|right through to"
            r"|through to next|wont need (?:it|them|this|that)|no point (?:paying|renewing|keeping|booking|buying)"
            r"|not (?:really )?(?:moving|poorly)|hers now|his now|theirs now|yours now|yours to keep"
            r"|(?:all|everything) (?:organised|sorted|in order|labelled|paid|settled|squared)|just organised"
            r"|so nobody has to|so (?:they|she|he|nobody) (?:doesnt|dont|wont) have to)\b",
        ),
    ),
    Concept(
        "date_window",
        "plan_timeframe",
        "a date, a day or a window to act",
        (
            r"\b(?:my window|the window|thats my|its set|set for|(?:the )?\d{1,2}(?:st|nd|rd|th)|when the clocks"
            r"|week before|day before|night before|day after|first thing|before (?:christmas|easter|then|next)"
            r"|by (?:the next|next|then|the end)|past (?:this|next) \w+|not (?:be )?here (?:by|past|for|after|at)"
            r"|january|february|march|april|june|july|august|september|october|november|december|easter"
            r"|bank holiday|half term|when the house|house is quiet|kids are at|when theyre away|while (?:shes|hes"
            r"|theyre) away)\b",
        ),
    ),
    Concept(
        "exit_euphemism",
        "active_thoughts",
        "ending their life in other words (not being here, an exit, getting it over with)",
        (
            r"\b(?:not (?:be|being) here|stop being here|not here (?:anymore|any more|by|past)|my (?:own )?exit"
            r"|(?:get|getting|have|had) it (?:all )?over with|clock(?:ing)? off (?:for good|permanently)|checking out"
            r"|finish(?:ed|ing)? it|finish(?:ed|ing)? (?:myself|meself|masel)|to a close"
            r"|end(?:in|ing)? (?:masel|meself)|(?:top|topping|off|offing) (?:masel|meself)|kms|kys|unalive"
            r"|one way (?:trip|ticket)"
            r"|not coming back|get out of this"
            r"|out of this for good|how (?:youd|id|i would|you would|to) go|how to not be|not be around"
            r"|disappear for good|just do it|go to sleep and not)\b",
        ),
    ),
    Concept(
        "taken_flat",
        "overdose_taken",
        "taken already and waiting, told flatly (emptied the packs, the whole box, room spinning)",
        (
            r"\b(?:emptied|necked|swallowed|drank|downed) (?:the|it|them|all|every|my|em|\d+)\b",
            r"\b(?:took|tok|taken|had) (?:the lot|all|every|em|like \d+|mad|\d+|the whole)\b",
            r"\b(?:blister packs?|whole box|whole packet|all of em|all of them|mad amounts|like \d+"
            r"|at \d+(?:am|pm))\b",
            r"\b(?:waiting now|while i wait|sat waiting|just waiting|waiting for it|room(?:s)? spinning|spinning"
            r"|cant feel|cant keep my eyes|brought (?:them|it) (?:all )?back up|dont (?:ring|call|tell) (?:anyone"
            r"|anybody|an ambulance)|not going (?:to )?a and e|dont panic|just tired|sleepy now|going to sleep now)\b",
        ),
    ),
    Concept(
        "harm_hidden",
        "self_harm",
        "self-harm told sideways (dressings running out, marks hidden, a needle or a lighter)",
        (
            r"\b(?:steri ?strips|plasters|dressings|bandages|antiseptic|raw|scor(?:e|ed|ing)|needle|compass"
            r"|lighter|blade|razor|marks|scars?|sleeves|dont ask|its managed|said it was|till it (?:bled|swelled"
            r"|bruised)|on purpose|my (?:forearms|thighs|wrists))\b",
        ),
    ),
    Concept(
        "means_at_hand",
        "method",
        "means gathered, kept to hand or watched (all in one place, the drop, the trains going through)",
        (
            r"\b(?:all in (?:the )?one place|in (?:my|the) (?:coat )?pocket|under the sink|in the shed|in the drawer"
            r"|on the (?:kitchen )?table|looking at me|what (?:too much|it|they|theyd|that) (?:would|will|could)? ?do"
            r"|it(?:d| would) be (?:plenty|enough)|read what|the drop|top deck|top floor|the edge"
            r"|fencing|footbridge|washing line|coil|straight through|watching (?:them|the trains|the water)"
            r"|looking down|staring down|(?:looking|staring|stood|standing|sitting|sat|stand|sit) (?:at|on|by|near"
            r"|over|up) the (?:drop|edge|top|water|trains?|line|tracks?|bridge|railings?|cliff|roof))\b",
        ),
    ),
    Concept(
        "nobody_contact",
        "isolation",
        "nobody in touch (the only voice, the last person to speak, no replies)",
        (
            r"\b(?:only (?:person|voice|one|words|people|contact|conversations?|human|thing)|last person"
            r"|without (?:a|any) (?:conversation|word|call|visit)|(?:didnt|havent|not|never) (?:hear|heard|spoke"
            r"|spoken|seen) (?:from|to) (?:anyone|anybody|a soul)|hear a voice|stopped (?:visiting|ringing|calling"
            r"|coming|texting)|nobody (?:rings|visits|comes|calls|texts|noticed|asks|knocks)"
            r"|no (?:replies|reply|visitors)"
            r"|\d+ reply|talking (?:into|to) (?:a|the) (?:hole|void|wall)|touched me|all (?:week|weekend)"
            r"|in (?:months|weeks)|talk (?:back )?to the (?:radio|telly|tv|cat|dog))\b",
            # Phase 16: nobody says their name, no voice but their own, the silence of the house.
            r"\b(?:knows my name|said my name|say my name|my own voice|without (?:speaking|talking|saying a word)"
            r"|(?:the )?silence in (?:this|the|my) (?:flat|house|room|place)|(?:the )?only (?:message|messages|card"
            r"|call|calls|visitor|person|one) (?:ive had|i had|i get|i got|all (?:week|day)|round here|who)"
            r"|forgot (?:about )?me|not (?:one|a single) (?:message|call|text|card|visit)|days without (?:a|seeing"
            r"|speaking))\b",
        ),
    ),
    Concept(
        "self_as_burden",
        "burdensomeness",
        "themselves as the weight on others (because of me, they'd manage, an anchor)",
        (
            r"\b(?:anchor|millstone|weight|albatross) (?:round|around|on)|(?:cos|because|cause) of (?:me|my)"
            r"|(?:theyd|they would|hed|she would|shed|he would|everyone would) (?:manage|cope|be fine|be better)"
            r"|better(?:,)? probably|shouldnt (?:have to|be (?:helping|looking|caring|doing))|(?:fewer|less|no more)"
            r"(?: \w+)? (?:runs|trips|appointments|worry|bills)|ruin(?:ed|ing)? (?:it|everything|their|his|her)"
            r"|my fault|all on (?:him|her|them)|(?:he|she|they) (?:gave up|cancelled|had to give up)\b",
            # Phase 16: what they cost the people around them, said without the word burden.
            r"\b(?:(?:freer|better off|happier|easier|lighter) without me|im (?:ruining|wrecking|draining|dragging"
            r"|spoiling|costing) (?:\w+ ){0,2}(?:life|lives|childhood|time|years|her|him|them|everyone)|(?:im|i am)"
            r" doing (?:that|this) to (?:her|him|them)|some (?:father|mother|dad|mum|husband|wife|partner|friend"
            r"|grandad"
            r"|nan) i (?:turned out|am|make)|what use am i|give nothing back|(?:has|have|had) to (?:take turns|carry"
            r"|lug|lift|cover|pay for|ferry|drive) (?:me|my)|(?:cover|covering|paying for) my (?:bits|parking|share"
            r"|bills|rent|shifts)|because of (?:his|her|their) (?:dad|mum|mam|nan|grandad|wife|husband))\b",
        ),
    ),
    Concept(
        "welcome_death",
        "passive_wish",
        "would welcome death if it came (hoping for the worst, taken early, fine by me)",
        (
            r"\b(?:takes? me (?:early|out|away|now|soon)|took me out|hoping (?:for the worst|not to|i dont"
            r"|it was|theyd find)|(?:see|saw|seen) me off|wouldnt (?:care|mind) if i"
            r"|fine by me|envy (?:\w+ )?(?:who|the|them|him|her)|lightning|mounted the pavement|half hoped"
            r"|(?:hope|hoped|hoping|wish|wished|pray|prayed) (?:\w+ ){0,3}(?:worst|take|takes|took|find something"
            r"|something|quick|quickly|dont wake|not wake))\b",
            # Phase 16: envy of the dead, death as a welcome result, life as a gift to send back.
            r"\b(?:lucky (?:her|him|them|sod|beggar|devil|thing)|count it as a (?:result|win|blessing)|(?:swap|trade)"
            r" places with|in the (?:cemetery|graveyard|ground)|send (?:it|mine) back|returns desk|sleep for (?:a )?"
            r"(?:very |really )*long (?:time|while)|(?:if|when) (?:the|a) (?:flu|virus|bug|cancer|tumour|heart attack"
            r"|stroke|bus|lorry|car) (?:got|gets|took|takes|hit|hits) me|first thought was|quite happy to (?:just )?"
            r"(?:not|go|die|slip))\b",
        ),
    ),
    Concept(
        "nothing_works",
        "hopelessness",
        "nothing has worked and nothing will (what's left, not for me, back to square one)",
        (
            r"\b(?:nothing (?:works|worked|helps|helped|left|there|else|will)|whats left|not for me|square one"
            r"|always will be|never will|wont be(?:\.)? ever|tick a box|tried everything|every (?:tablet|treatment"
            r"|option) going|no (?:more )?options|(?:dont|doesnt|wont|aint|isnt|not) (?:get|getting|going to get)"
            r"(?: any)? better|it dont|worse than (?:when|ever|before)|(?:five|ten|\d+) years? (?:of this|more)"
            r"|nothing to (?:look forward|live for))\b",
            # Phase 16: the last door shut, a lost cause, only worse, hang on for what.
            r"\b(?:lost cause|last (?:door|option|chance|hope) (?:shut|closed|gone)|(?:nothing|nowt)(?:s| is)? going to"
            r" change|this is me (?:for|now)|for what exactly|hang on for what|only worse|not trying (?:the next"
            r"|another"
            r"|any more|anything else)|dont even care (?:if|what|anymore)|cant (?:picture|imagine|see) (?:next|a future"
            r"|the future|myself)|nothing they (?:do|try|give)|whats the (?:actual )?point)\b",
        ),
    ),
    Concept(
        "breaking_down",
        "cant_cope",
        "breaking down (going under, meltdown, cracking up, shaking)",
        (
            r"\b(?:break|broke|breaking) down|going under|meltdown|cracking up|(?:couldnt|cant) stop (?:crying"
            r"|shaking)|shaking|screamed|screaming|i (?:will|am going to|might) break|couldnt get out of|sinking"
            r"|drowning|cant get up|cant face\b",
        ),
    ),
    Concept(
        "back_again_now",
        "past_ideation",
        "an old risk stirring now (on my mind, knocking again, the urge, dragging it up)",
        (
            r"\b(?:on my mind|remembering|knocking|dragging (?:it )?(?:all )?up|brings? (?:it )?(?:all )?back"
            r"|recognise|the urge|want(?:s)? to again|understand (?:that|the) (?:person|girl|lad|me)|caught myself"
            r"|staring at|not there now but)\b",
            # Phase 16: the road they recognise, heading the same way, it feels relevant again.
            r"\b(?:(?:heading|going|sliding|slipping) (?:the same way|that way again|back there|like it did)"
            r"|recognise the (?:road|signs|feeling|place)|(?:feels|feel|felt) relevant again|still sits with me"
            r"|making me wonder|thought (?:id|i had) got past|(?:those|them) days were behind me|as far from (?:that"
            r"|the)"
            r" (?:person|girl|lad|man|woman|me)|going back to that (?:time|place)|like it did (?:then|back then"
            r"|before))\b",
        ),
    ),
    Concept(
        "recovered_now",
        "recovery_story",
        "a better life now, told to encourage (today I..., first ever, life is good)",
        (
            r"\b(?:today im a|these days im|first ever|peer mentor|life is good|life got|happy now|im happy"
            r"|(?:remarried|married|promoted|pay rise|grandchild|graduated|walked \w+ down)|dont think like that"
            r"|not like that now|hasnt been for years|so (?:others|other|nobody|no one)|it does move|hang on"
            r"|best (?:phone call|thing|decision) of my life|(?:i|im) (?:off|clear|free) (?:\w+ )?(?:years|now))\b",
            # Phase 16: a way through, it can stop, the same spot told now with a flask, a pint for the rescuers.
            r"\b(?:(?:there is|theres) a way (?:through|out)|it (?:can|does) stop|keep going|dont give up|closer than"
            r" ever|to say (?:thanks|thank you)|(?:buy|bought) (?:them|him|her|every one of them) a (?:pint|drink"
            r"|coffee)"
            r"|same (?:spot|place|bridge|woman|man|me),? different|for a (?:bit|little bit) of hope|(?:lifes|life is"
            r"|its)"
            r" (?:alright|manageable) now|now i (?:write|go|walk|run|have|make|watch|teach|help|volunteer))\b",
        ),
    ),
    Concept(
        "helping_other",
        "support_reply",
        "speaking to or for someone else (what helped me, you wrote, tell one person)",
        (
            r"\b(?:what helped (?:me|us)|you wrote|youve written|you said|if (?:anyones|anyone has|you have|youve)"
            r"|dont (?:wait|hesitate|stay quiet|suffer)|straight away|tell one person|its the pain talking"
            r"|i get it|ive (?:felt|thought) (?:that|the same|it too|like that)|(?:ring|call) (?:your|the) (?:gp"
            r"|crisis|samaritans)|ask (?:111|your gp|for them))\b",
            # Phase 16: a reply that shares the writer's own past to help ("I've felt like that too, what helped").
            r"\b(?:(?:ive|i have) (?:felt|been) (?:\w+ ){0,4}too|ive been where you are|i know what its like|it does"
            r" pass|it helped (?:me )?to|(?:helped|saved) my life once|as someone who|whoever (?:said|posted|wrote)"
            r"|no judgement|please (?:tell|ring|try|put them)|tell (?:someone|one person|your gp) (?:today|tonight"
            r"|straight))\b",
        ),
    ),
    Concept(
        "medicine_safety",
        "medication_talk",
        "medicine safety or housekeeping (so I don't overdose by accident, the leaflet, the empties)",
        (
            r"\b(?:accident(?:al|ally)?|leaflet|risks?|strict|worth knowing|\d+g a day|bin day|empties"
            r"|recycling|keep (?:a )?(?:note|track|list)|so i dont|forgot (?:my|to)|missed (?:a|my) dose"
            r"|side effects?|interaction)\b",
            # Phase 16: warnings on the box, what the signs are, a pet that ate one, learnt the hard way.
            r"\b(?:overdose warning|warning (?:on|about) (?:the|my) (?:box|packet|label)|what are the signs|signs of"
            r" (?:an )?"
            r"overdose|(?:cat|dog|puppy|kitten|toddler|grandson|granddaughter) (?:ate|knocked|chewed|got into"
            r"|swallowed)"
            r"|never again|learnt the hard way|learned the hard way|for the (?:medication |meds |medicines )?review"
            r"|dont mix|didnt know (?:about|i had)|carrier bag|the standard one)\b",
        ),
    ),
    # --- Phase 16: classes of words for the shapes R, S, T and U told (ADR 0010, phase 16) ---------------------
    Concept(
        "handing_on",
        "preparatory_acts",
        "things handed on or closed down for after them (just keep him, nothing owing, the last job done)",
        (
            r"\b(?:just keep (?:him|her|it|them)|keep (?:him|her|them) for good|(?:into|in) (?:my \w+s|his|her|their)"
            r" name|(?:records|account|accounts|policy) (?:moved|transferred|changed)|(?:put|added) (?:him|her|them"
            r"|\w+)"
            r" on the account|easier for (?:him|her|them|everyone) (?:later|after|afterwards|when)|for afterwards"
            r"|nothing owing|(?:giving|gave|given) (?:back )?everything (?:back|i borrowed|id borrowed)|last job"
            r"|ticked off|change in circumstances|(?:wont|not|will not) (?:be )?need(?:ing)? (?:it|them|either|any"
            r" of it"
            r"|anything)|nobody (?:here|home|in) to|collect by|clearing (?:the whole|my|the) (?:flat|house|room|place)"
            r"|cleared (?:my|the) (?:locker|desk|room|drawers|wardrobe)|handed (?:my )?\w+ in|deleted (?:my )?(?:insta"
            r"|instagram|facebook|account|accounts|profile)|(?:take|took) me off the list|(?:its )?all done now"
            r"|(?:sorted|arranged) (?:it )?for (?:\w+ ){0,2}to (?:feed|have|take|look after))\b",
        ),
    ),
    Concept(
        "attempt_after",
        "attempt",
        "an attempt told by what came after (didn't work, the ward, found in time, could not even get that right)",
        (
            r"\b(?:didnt work|couldnt even (?:get|do|manage) (?:that|it|this)|let me out|on the ward|off the ward"
            r"|crisis team|found me|in time|that close|(?:not sure|dont know) (?:yet )?(?:if|why|whether) (?:im|i am|i)"
            r" (?:glad|came)|came (?:back )?out again|stitches|last weeks (?:business|thing)|had a go at it|tried to go"
            r"|took my phone|said i was lucky|(?:dont|didnt) feel lucky|stomach)\b",
        ),
    ),
    Concept(
        "thoughts_louder",
        "active_thoughts",
        "thoughts of ending it getting louder or told plainly (telling me to, how easy it would be, on my own terms)",
        (
            r"\b(?:telling me to|getting louder|louder every|how easy it(?:d| would) be|just stop|(?:thatd|that"
            r" would|thats)"
            r" be that|thats that|one (?:step|fall|swerve|turn)|on my own terms|make it my last|(?:want|wanna) to be"
            r" alive"
            r"|leaning towards no|the notion|starting to like it|not a joke this time|dont turn the wheel|foot off the"
            r" brake)\b",
        ),
    ),
    Concept(
        "set_time",
        "plan_timeframe",
        "a time set aside (clear days, the same date, new year's eve, that's when)",
        (
            r"\b(?:clear (?:days|day|run|week)|(?:house|flat|place) to myself|i know which|same date|same day"
            r"|the day it all|new years eve|thats when|(?:thatll|that will) be me|one way|wont (?:need|be needing) a"
            r" lift back|wont be seeing (?:this|it|the new year|christmas|another)|(?:by|before) then|after payday)\b",
        ),
    ),
    Concept(
        "trapped_plain",
        "entrapment",
        "trapped told in other words (nowhere to run, no stop to get off at, a life they can't get out of)",
        (
            r"\b(?:nowhere to (?:run|go|turn)|no (?:stop|exit|way) (?:to get off|off|out)|(?:the )?days dont end"
            r"|cant get out of|stuck in (?:a|this|my) (?:life|body|flat|house|loop)|pacing|round and round"
            r"|no end to)\b",
        ),
    ),
    # --- Phase 17: classes of words for the shapes V, W and X told (ADR 0010, phase 17) ---------------------------
    Concept(
        "decided_plainly",
        "intent",
        "a decision told plainly without a method (going through with it, the decision made, only when is left)",
        (
            r"\b(?:(?:go|going|gone) through with it|decisions? (?:is |s |been )?made|choice (?:is |s )?made"
            r"|made my (?:choice|decision)|(?:just|only) (?:a (?:question|matter) of )?when|not sticking around"
            r"|not hanging around|packing it (?:all )?in|calling it a day|this time for (?:real|good)|a promise to"
            r" myself|not a cry for help|finishing (?:things|it all)|mind(?:s| is) made up)\b",
        ),
    ),
    Concept(
        "own_body_hurt",
        "self_harm",
        "a hurt done to their own body with a thing (out on my arm, a go at my legs, the hob, plasters that show)",
        (
            r"\b(?:out on my|a go at my|on the (?:hob|ring|hob ring|gas ring|tawa|iron)|(?:with|wi) (?:a|the)"
            r" (?:lighter"
            r"|stanley|blade|razor|compass|rolling pin)|slashes|gashes|bit deeper|deeper than|long sleeves?|sleeves"
            r"|plasters? (?:that|for|on)|steri|bandaged|healing|new ones|my (?:wrists?|forearms?|thighs?) (?:again"
            r"|are|is)|battering|burning (?:myself|my))\b",
        ),
    ),
    Concept(
        "attempt_in_few_words",
        "attempt",
        "an attempt told in a few words (threw myself, sat on the line, the business with the tablets, tried again)",
        (
            r"\b(?:threw (?:myself|meself|masel)|(?:sat|stood|lay) on the (?:line|tracks?|rails)|nothing came"
            r"|the (?:business|thing|episode|incident) with|tried again|(?:out of|oot|home from) (?:the )?(?:hospital"
            r"|ward)|didnae work|and hoped|(?:the|my) fall (?:wasnt|was not) a fall|cry for help)\b",
        ),
    ),
    Concept(
        "others_last_signs",
        "other_at_risk_now",
        "someone else's last signs (slurring, had their lot, handed over a ring or a pet, a door locked, a text of"
        " love)",
        (
            r"\b(?:slurr\w*|had (?:his|her|their) lot|said (?:his|her|their) piece|for good|wedding ring|locked (?:the"
            r" door|himself|herself|themselves)|rings out|not answering|wont answer|tell (?:mum|dad|mam|them) i love"
            r"|(?:strips|packets|boxes) (?:all )?empty|everything in the (?:box|cupboard|drawer)|dont send anyone)\b",
        ),
    ),
    Concept(
        "last_occasion",
        "plan_timeframe",
        "an occasion or date set as the last (the last one I see, the date circled, the house empty, gone before)",
        (
            r"\b(?:last (?:one|christmas|birthday|anniversary) i (?:see|get)|(?:circled|marked|written) (?:it )?on"
            r" the calendar|on the calendar|the appropriate date|when the house is empty|house (?:is|will be) empty"
            r"|set it for|be gone before|my own arrangements|wont be here for|not be around (?:for|on|after)"
            r"|not going to be around|the tide|high tide|the anniversary)\b",
        ),
    ),
    Concept(
        "future_closed",
        "hopelessness",
        "a future closed off (never going to change, nothing ever will, no options left, cannot picture a good day)",
        (
            r"\b(?:never (?:going to|gonna) (?:change|get better|improve|end)|nothing ever (?:will|does|did)"
            r"|no (?:further )?(?:treatment )?options|(?:stopped|given up) (?:believing|expecting|hoping)"
            r"|(?:cant|cannot) (?:picture|imagine) (?:one|a good|anything)|this is it(?: then)?|forever"
            r"|for the rest of my life|nothing came|looking forward to nothing|nothing to look forward)\b",
        ),
    ),
    Concept(
        "worry_sign",
        "concern_for_other",
        "a worrying sign in someone else (posts getting darker, a sad post deleted, feared for, not themselves)",
        (
            r"\b(?:(?:feart|scared|frightened|worried|uneasy|afraid) for (?:him|her|them)|getting darker|sad (?:poem"
            r"|quotes?|posts?)|then deleted|deleted it|wont matter soon|given up on (?:everything|it all)|good innings"
            r"|not (?:been )?(?:himself|herself|right)|wont talk to|in touch with (?:him|her|them)|keep an eye on"
            r"|check on (?:him|her|them)|overstep|made me uneasy)\b",
        ),
    ),
    Concept(
        "edge_of_coping",
        "cant_cope",
        "at the end of coping (close to the edge, barely holding it together, everything coming down at once)",
        (
            r"\b(?:close to the edge|holding (?:it|myself) together|(?:hold|haud|keep) it (?:together|thegither)"
            r"|plates spinning|all (?:coming|falling) down|lose it|(?:brains|heads|head is|brain is) full|at the seams"
            r"|too much for too long|one more (?:person|thing|form))\b",
        ),
    ),
    Concept(
        "medicine_disposal",
        "medication_talk",
        "medicines got rid of or kept safe (back to the pharmacy, lying about, is it safe with, how much is too much)",
        (
            r"\b(?:back to the (?:pharmacy|chemist)|(?:to )?get rid|dispos\w*|lying (?:about|around)|(?:away from|with)"
            r" the (?:grandkids|kids|children)|is it (?:safe|ok|okay) to|safe to (?:take|have|mix)|how much is"
            r" (?:actually )?(?:dangerous|too much|safe)|early repeat|a letter for customs|sherry|a small)\b",
        ),
    ),
    Concept(
        "years_since",
        "recovery_story",
        "a crisis told as long past and marked (years since, a survival anniversary, content now, I lead the walk)",
        (
            r"\b(?:(?:\w+ )?years (?:since|later|on)|survival anniversary|anniversary of (?:surviving|getting)"
            r"|would you believe|content|i (?:lead|run|help with|organise) the|mark it (?:every|each) year"
            r"|(?:years|yrs) free|sunday dinners|proof)\b",
        ),
    ),
    # --- Voice: whose words they are (long posts weigh the author's own words more) ---------------
    Concept("first_person", "voice", "in the writer's own words", (r"\b(?:i|im|ive|id|il|me|my|myself|mine)\b",)),
    Concept(
        "third_person",
        "voice",
        "about someone else",
        (
            r"\b(?:she|shes|he|hes|her|him|his|herself|himself|they|theyre|them|their|themselves|husband|wife"
            r"|partner|son|daughter|mum|dad|friend|neighbour|brother|sister)\b",
        ),
    ),
    Concept(
        "reported",
        "voice",
        "reported speech or a quotation",
        (r"\bqmark\b", r"\b(?:said|says|told me|wrote|posted|texted|messaged|mentioned|saying|telling)\b"),
    ),
    Concept(
        "advice",
        "voice",
        "advice or a question to others",
        (
            r"\b(?:if (?:you|anyone|someone|any of you|a friend)|you (?:should|could|can|might|must)|dont be afraid"
            r"|remember|my advice|what (?:i|we) (?:did|do)|anyone (?:else|who)|does anyone|has anyone)\b",
        ),
    ),
    Concept(
        "negated",
        "voice",
        "says they would not (negation or reassurance)",
        (
            r"\b(?:never|not going to|wouldnt|would never|id never|no intention|not suicidal|dont worry|not planning"
            r"|not thinking|wont do anything|im safe|im ok|im fine|not in danger)\b",
        ),
    ),
    Concept("idiom", "pain_idiom", "a figure of speech set aside", (r"\bidiom\b",)),
)
CONCEPT_BY_ID = {concept.id: concept for concept in CONCEPTS}
