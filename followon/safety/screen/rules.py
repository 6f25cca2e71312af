"""The screen's rules, as data: read this file to know exactly what the screen looks for.

Change a rule, an idiom or a context pattern, and you must bump ``SCREEN_VERSION`` (a test compares
a fingerprint of everything here with ``RULESET_FINGERPRINT`` and tells you the new value). Bump it
too when the matching logic in engine.py or text.py changes. Every stored result carries the
version that produced it, so an alert can always be explained later.

Patterns are regular expressions in ordinary spelling. They run on normalised text: lower case,
no apostrophes ("cant", "im", "dont"), texting forms made standard ("u" -> "you", "cannot" ->
"cant", "any more" -> "anymore", "no one" -> "nobody") and runs of a letter squeezed to one, in the
text and in the pattern alike, so "kill", "kil" and "killll" are the same word. Write patterns so
that squeezing cannot matter: "feel" and "fell" meet, so never match a bare "feel down".

Levels: urgent = possible risk to life now (suicidal thoughts, plans, means, goodbyes, self-harm);
concern = distress someone from the pain service should know about (hopelessness, not coping,
isolation, a member worried about another). Everything else is none.
"""

from .model import Idiom, Level, Rule

SCREEN_VERSION = "2026.12.35"
# sha256 of the rules, idioms, context patterns, taxonomy and learned weights; see test_screen_rules.py.
RULESET_FINGERPRINT = "6e9134f0f6ecd88e"

U, C = Level.URGENT, Level.CONCERN

# Shared fragments (in ordinary spelling).
SELF = r"(?:myself|herself|himself|themselves|themself)"
OWN_LIFE = r"(?:my|her|his|their) (?:own )?life"
CANT = r"(?:cant|couldnt|can t|unable to)"
MEDS = (
    r"(?:tablets|tablet|pills|pill|meds|medication|medicine|painkillers|pain killers|morphine|tramadol|codeine"
    r"|co codamol|cocodamol|oxycodone|oxycontin|zomorph|fentanyl|patches|paracetamol|amitriptyline|gabapentin"
    r"|pregabalin|sleeping tablets|sleeping pills|diazepam|insulin|oramorph|oxynorm|buprenorphine|butrans"
    r"|dihydrocodeine"
    r"|sertraline|citalopram|mirtazapine|duloxetine|nortriptyline|zopiclone|temazepam|antidepressants|sleepers)"
)
# What follows "go on" / "carry on" when it is about a trip, a bus or a task, not about life.
NOT_LIFE = (
    r"(?! (?:with (?:the|my|work|walking|this|that|it|them|our)\b|doing|working|walking|at|in|to|as|the|a|an|holiday"
    r"|holidays|hols|trips?|buses|bus|trains?|planes?|my|our|his|her|your|days|monday|tuesday|wednesday|thursday"
    r"|friday|saturday|sunday|that|those|these|them|it|about|and on|for|top)\b)"
)

# A goodbye with one of these anywhere in the message is not final: a move, a holiday, a break, an
# operation (the taxonomy's hospital_goodbye). The goodbye rules then do not fire at all.
GOODBYE_DAMPENERS = (
    r"\b(?:moving|move|leaving the (?:group|area|chat)|new job|emigrat\w*|relocat\w*|holiday|hols"
    r"|see you (?:all )?"
    r"(?:soon|at|on|next|in)|taking a break|for a (?:while|few weeks|bit)|back (?:in|on|next)|new number"
    r"|changing my number|for now|op|operation|surgery|hospital|going in|admitted|my (?:hip|knee|shoulder|back"
    r"|fusion|replacement)|new phone|other side|step(?:ping)? back|new admin|taking over|booked|packed|flight"
    r"|airport|keys|refurb|closing|new place)\b",
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="urgent.suicidal_intent",
        family="active_thoughts",
        level=U,
        description="Talks about suicide, killing themselves or ending their life",
        patterns=(
            rf"\bkill(?:ing|ed|s)? {SELF}\b",
            rf"\b(?:end|ending|ended|take|taking|took) {OWN_LIFE}\b",
            r"\bend(?:ing)? it all\b",
            r"\bend(?:ing)? (?:everything|things)\b(?! (?:with|between|on|there))",
            r"\b(?:going to|planning to|plan to|want to|wants to|wanted to|decided to|ready to|about to|tempted to"
            r"|thinking of"
            r"|thought about|thinking about|feel like|felt like|close to) end(?:ing)? it\b(?! (?:with|there|here|on|for"
            r" (?:the|this|that)|now and)\b)",
            r"\bsuicidal\b",
            r"\b(?:commit|committing|committed|attempt|attempted|attempting) suicide\b",
            r"\b(?:thinking|thought|thinks|considering|considered|contemplating) (?:about |of )?suicide\b",
            r"\bthoughts (?:of|about) (?:suicide|ending it|ending my life|killing myself|taking my (?:own )?life|dying"
            r"|not being here)\b",
            r"\bsuicide (?:attempt|plan|plans|note)\b",
            r"\b(?:do|doing) (?:something|anything) (?:silly|stupid)(?: to (?:myself|herself|himself))?$",
            r"\b(?:scared|frightened|afraid|terrified) (?:of )?what (?:i|il) (?:might|will|could|would) do\b",
            # Not "off myself": squeezed, it is "of myself" ("proud of myself").
            r"\b(?:top|tops|topping|topped|unalive|unaliving) (?:myself|herself|himself|themselves)\b",
            r"\bunalive\b",
            r"\b(?:do|doing|done) (?:myself|herself|himself) in\b",
            # Phase 13/14: euphemism and dialect (blind L and M).
            r"\b(?:do|doing|did|done) away wi(?:th)? (?:myself|masel|mysel|meself)\b",
            r"\b(?:toppin|topping|top) (?:masel|mysel|meself)\b",
            r"\bfinish(?:ing)? (?:myself|masel|meself) off\b",
            r"\bbring(?:ing)? (?:matters|things|it all|it) to (?:a close|an end) (?:myself|masel)\b",
            r"\b(?:im|i am|ive|i have|just|so|really) (?:just |so |completely |totally )?done with (?:everything|life"
            r"|living|it all|all of it|being alive|this life)\b",
            r"\b(?:only way out|no way out (?:except|but|other than|apart from))\b",
        ),
        must_fire=(
            "I want to kill myself",
            "im going to end my life",
            "been thinking about suicide a lot",
            "feeling suicidal again tonight",
            "i feel like ending it all",
            "i am going to end it tonight",
            "Honestly I could just end it all",
            "i keep thinking of ending it",
            "I tried to take my own life last month",
            "scared I'll do something silly",
            "frightened of what I might do",
            "having thoughts of ending it",
            "thinking of topping myself",
            "I'm going to do myself in",
            "i'm done with life",
            "death is the only way out",
            "nice walk with the dog but thinking of doing away with myself again",
            "the wee voice wullnae quit, toppin masel is aw ah hear at night",
            "a voice in my head says finish yourself off, and I want to finish myself off",
            "I have considered bringing things to an end myself",
        ),
        must_not_fire=(
            "I'm not suicidal, just exhausted",
            "I'm not going to end it, I promise",
            "I'm going to end it with him, he's no good",
            "I was killing myself laughing at the quiz",
            "I'm killing myself trying to keep the house tidy",
            "I'd never take my own life, I've got the grandkids",
            "lets end things there and pick it up next week",
            "Proud of myself, walked to the shop",
            "did away with the old shed myself this weekend",
        ),
    ),
    Rule(
        id="urgent.wish_to_die",
        family="active_thoughts",
        level=U,
        description="Says they want to die or not to be alive",
        patterns=(
            r"\b(?:want|wants|wanted|wanting|wish|wishes|wished|ready|longing|like|desperate) to die\b",
            r"\bwish (?:i|id) (?:was|were|could be|had been) dead\b",
            r"\bwish (?:i|id) (?:could )?(?:just )?(?:die|disappear forever|not wake up|never wake up"
            r"|go to sleep and (?:never|not) wake up)\b",
            r"\bwish (?:i|id) (?:had )?never (?:been born|woken up)\b",
            r"\bwish i (?:wasnt|werent) (?:here|alive|around|born)\b",
            r"\b(?:dont|didnt|never) (?:even |really |just |honestly |actually )?want to (?:be here|be alive|live|exist"
            r"|wake up|be around|carry on|go on)\b" + NOT_LIFE,
            r"\b(?:dont think|not sure|not sure if) i (?:want|wanted) to (?:be here|be alive|live|carry on|go on)\b"
            + NOT_LIFE,
            r"\b(?:hope|hoping) (?:i|id) (?:dont|never|wont) wake up\b",
            r"\bgo to sleep and (?:never|not) wake up\b",
            r"\bbetter off dead\b",
            r"\b(?:rather|sooner) be dead\b",
            r"\bwant(?:ed)? to be dead\b",
            r"\b(?:tired|sick) of (?:living|life|being alive|existing)\b",
            r"\bhad enough of (?:life|living|being alive)\b",
            r"\bwant (?:it all|everything) to (?:end|stop|be over)\b",
            r"\b(?:wish|hope|pray|praying)\b(?: \w+){0,3} (?:would|will|could) (?:just )?(?:kill me|take me|end it)\b",
            r"\b(?:want|wanted|wish|wishing) (?:to |i could )?(?:just )?(?:disappear (?:forever|for good"
            r"|and never come back)"
            r"|fade away|slip away|(?:go to )?sleep forever|not be here)\b",
            r"\b(?:want|wanted|like|wish|wishing|rather)(?: to| i could)? (?:just )?(?:not exist|stop existing|cease to"
            r" exist)\b",
            r"\bhate (?:being alive|living|existing)\b",
            r"\bwhy (?:am i|im) still (?:here|alive|breathing)\b",
            r"\bgiv(?:e|ing|en) up on (?:life|living)\b",
            r"\bnothing left for me\b",
            r"\bbetter off (?:not waking up|not being here|not here|not alive|gone|asleep forever)\b",
            r"\bwant (?:it|this|everything|it all)(?: to be)? over\b(?! (?:and done|with)\b)",
        ),
        must_fire=(
            "i just want to die",
            "I wish I was dead",
            "wish i could go to sleep and not wake up",
            "I don't want to be here any more",
            "dont want to live like this",
            "i hope i dont wake up tomorrow",
            "sometimes i think id be better off dead",
            "im so tired of living",
            "i wish someone would just kill me",
            "i want it all to end",
            "wanna die",
            "I just want to fade away",
            "i hate being alive",
            "why am i still here",
            "ready to give up on life",
            "I just want it over",
            "want to go to sleep forever",
            "I'd be better off gone",
            "I'd rather just not exist",
        ),
        must_not_fire=(
            "I don't want to die, I just want the pain to stop",
            "dying to see you all on Thursday",
            "I wanted to die of embarrassment when I fell over in Tesco",
            "I don't want to go on the coach trip, too far for my back",
            "I'd rather die than eat sprouts",
            "I don't want to live in Bristol any more, too busy",
        ),
    ),
    Rule(
        id="urgent.cant_go_on",
        family="cant_cope",
        level=U,
        description="Says they cannot carry on or go on",
        patterns=(
            rf"\b{CANT} (?:carry|go) on\b" + NOT_LIFE,
            rf"\b{CANT} keep going\b(?! (?:to|with|at|on|up|out)\b)",
            rf"\b{CANT} do this (?:anymore|much longer|no more|any longer)\b",
            r"\b(?:dont know if|not sure if|not sure|dont think|doubt) i can (?:carry|go|keep going) on\b" + NOT_LIFE,
            r"\b(?:dont know|not sure) how much longer i can (?:carry on|go on|keep going|do this|take this|take it)\b",
            rf"\b{CANT} (?:keep|go on) living\b(?! (?:in|with (?:the|my|him|her|them)|at|near|here)\b)",
            rf"\b{CANT} live (?:like this|this way|with this pain|with the pain|with myself)\b",
        ),
        must_fire=(
            "I'm having a really bad day. This is awful, I can't carry on.",
            "cant go on like this",
            "i cant do this anymore",
            "I can't carry on with life like this",
            "dont think i can go on",
            "I can't keep going",
            "not sure how much longer i can carry on",
            "carnt carry on",
            "i cant keep living like this",
            "I can't live like this any more",
        ),
        must_not_fire=(
            "I can't go on the coach trip this year",
            "I can't carry on with the walking group while my knee is bad",
            "can't go on holiday till the op",
            "I'm not saying I can't carry on, just having a moan",
            "I can't keep going to the gym",
            "I can't keep on top of the housework",
        ),
    ),
    Rule(
        id="urgent.no_point_living",
        family="hopelessness",
        level=U,
        description="Sees no point in living or nothing to live for",
        patterns=(
            r"\bno point (?:in )?(?:living|existing|being (?:here|alive)|anything|anymore|to (?:anything|life|living"
            r"|me|it all))\b",
            r"\bno point (?:in )?(?:going|carrying) on\b" + NOT_LIFE,
            r"\bwhats the point (?:in |of )?(?:living|being (?:here|alive)|me being here|anymore|life|existing)\b",
            r"\bwhats the point (?:in |of )?(?:going|carrying) on\b" + NOT_LIFE,
            r"\bnothing (?:left )?to live for\b",
            r"\bno reason (?:for me )?to (?:live|go on|carry on|be here|keep going|stay)\b",
            r"\b(?:cant see|dont see|dont have|theres no|there is no|see no|havent got|got no) (?:any |a "
            r"|the )?(?:reason|point)"
            r" (?:to|in|for) (?:keep going|keeping going|go on|going on|carry on|carrying on|live|living|being alive"
            r"|being"
            r" here|be here|stay|staying alive|wake up|waking up)\b" + NOT_LIFE,
            r"\blife (?:isnt|is not|s not|aint|not|is no longer) worth (?:living|it)\b",
            r"\bnot worth living\b",
            r"\bpoint (?:of|in) me\b(?! (?:\w+ing|being there|coming|going)\b)",
            r"\b(?:life|living|existing) (?:is|feels|seems) (?:so |completely |totally )?pointless\b",
        ),
        must_fire=(
            "no point any more",
            "theres no point in living",
            "whats the point of going on",
            "I've got nothing left to live for",
            "life isnt worth living",
            "life feels pointless",
            "I don't see the point in living",
            "cant see any reason to carry on",
            "whats the point of me",
            "no reason for me to carry on",
        ),
        must_not_fire=(
            "no point going to the meeting if it's raining",
            "There's no point asking the GP, they never listen",
            "what's the point of booking if nobody comes",
            "no point going on the trip if you can't walk far",
            "what's the point of me going if I can't drive",
            "I'm not saying there's no point in anything, just a bad week",
        ),
    ),
    Rule(
        id="urgent.better_off_without_me",
        family="burdensomeness",
        level=U,
        description="Believes others would be better off without them",
        patterns=(
            r"\bbetter (?:off |place )?without me\b(?! (?:on|at|in|for|slowing|holding|there)\b)",
            r"\bbetter off if (?:i|im) (?:wasnt|werent|was not|gone|dead|not here|not around|wasnt here)\b",
            r"\b(?:nobody|none) (?:would|will|wil) (?:even |really |actually )?(?:miss|notice|care about) me\b",
            r"\b(?:nobody|none) (?:would|will) (?:even |really |actually )?(?:notice|care) if i (?:died|was gone"
            r"|disappeared"
            r"|wasnt here|went)\b",
            r"\b(?:not going to|wont|not gona) be a burden(?: to \w+)? (?:any longer|much longer|anymore"
            r"|for much longer|for long)\b",
            r"\b(?:wouldnt|wont) (?:even |really )?(?:be missed|miss me)\b",
            r"\b(?:happier|easier) (?:for (?:everyone|everybody|them|you all|you lot|my family|my kids"
            r"|people) )?without"
            r" me\b(?! (?:on|at|in|for|slowing|holding|there)\b)",
        ),
        must_fire=(
            "everyone would be better off without me",
            "my family would be better off if i wasnt here",
            "nobody would miss me",
            "they wouldnt even miss me",
            "life would be easier for them without me",
            "no one would even care if i died",
            "the world would be a better place without me",
            "I won't be a burden to anyone much longer",
        ),
        must_not_fire=(
            "you'll be better off without me on the walk, I'm so slow",
            "I'm not saying they'd be better off without me",
        ),
    ),
    Rule(
        id="urgent.means",
        family="method",
        level=U,
        description="Mentions saving up or taking medication, or another means, to end their life",
        patterns=(
            rf"\b(?:saved|saving|save|stockpiled|stockpiling|stockpile|hoarded|hoarding|stashed|stashing|squirrelled"
            rf"|squirreled|been keeping|kept back|put by|put aside|putting aside"
            rf"|storing up) (?:up |away"
            rf" |aside |back )?(?:all |a lot of |lots of |loads of |some |a load of )?(?:of )?(?:my |her |his |the "
            rf"|some |enough"
            rf" |all my )?{MEDS}\b",
            rf"\b{MEDS} (?:(?:are|all|have been|is|been) )*(?:saved|stashed|stockpiled|hidden|put aside|put by|saved up"
            rf"|counted out"
            r"|lined up)\b(?! (?:in|for) (?:the|my|a) (?:dosette|week|box|pill box|organiser)\b)",
            r"\b(?:looked up|looking up|googled|googling|searched|searching|researched|researching|reading up on"
            r"|read up on"
            r"|worked out|working out) (?:how many(?! people)|how much|what dose|the lethal dose|a lethal dose"
            r"|lethal doses|how to (?:overdose|end it|kill))\b",
            r"\blethal dose\b",
            rf"\b(?:looking|staring|looked|stared|look|stare) at (?:the |my |all the |all my "
            rf"|those )?{MEDS}\b(?=.{{0,300}}\b(?:easy"
            r"|how many|enough|take them|end it|do it|tempting|tempted|all of them)\b)",
            rf"\b{MEDS}\b.{{0,300}}\b(?:take|taking|swallow|swallowing) (?:it|them) all\b",
            rf"\b(?:stash|stockpile|hoard|collection|load|supply|stock) of {MEDS}\b(?=.{{0,300}}\b(?:use|using|take"
            rf"|taking|end|do it"
            r"|enough|swallow)\b)",
            r"\btake (?:everything|all of it|the lot|all the (?:tablets|pills|meds))\b(?: \w+){0,3} (?:in|from) (?:the"
            r"|my)"
            r" (?:cupboard|drawer|cabinet|medicine|bathroom|kitchen|house|box)\b",
            rf"\b(?:going to|gona|was going to|wanted to|want to|tempted to|thought about|thinking about|thinking of"
            rf"|nearly"
            rf"|almost) (?:take|taking|took|swallow|swallowing|swallowed) all (?:of )?(?:my |her |his "
            rf"|the )?{MEDS}\b(?! (?:to|in to|into"
            r"|back|with me|along)\b)",
            rf"\benough {MEDS}(?: \w+){{0,3}} to (?:do it|end it|kill|finish|not wake up|never wake up|do the job"
            rf"|take my|end my|die|go to sleep)\b",
            r"\b(?:take|taking|took|swallow|swallowing|swallowed|neck|necked|down|downed) (?:the lot|the whole"
            r" (?:box|packet|bottle|lot|pack)|a whole (?:box|packet|bottle|pack)|every (?:single )?one of them"
            r"|them all (?:at once|in one go|tonight|together))\b",
            rf"\b(?:take|taking|took|swallow|swallowing|swallowed) all (?:of )?(?:my |her |his |the |these "
            rf"|those )?{MEDS}"
            r" (?:at once|in one go|together|tonight|now|and (?:go to sleep|not wake up|end it|be done))\b",
            # Phase 13/14: an overdose named as a risk or in medicines talk is not the author's own.
            r"(?<!accidental )(?<!risk of )(?<!case of )(?<!prevent )(?<!avoid )(?<!reverse )(?<!preventing )"
            r"(?<!avoiding )(?<!reversing )\boverdos(?:e|ed|es|ing)\b(?! (?:can|could|may|risk|kit|kits|symptoms"
            r"|advice|line|storyline|story|plot|awareness|leaflet|warning|warnings)\b)",
            rf"\b(?:took|taken|take|taking|swallowed) (?:too many|handfuls of|a handful of|a whole (?:bottle|box|packet"
            rf"|pack)"
            rf" of|a (?:bottle|box|packet|pack) of) {MEDS}\b",
        ),
        must_fire=(
            "I've got the tablets saved up",
            "been stockpiling my morphine",
            "ive got enough pills to do it",
            "thinking of taking all my tablets at once",
            "i took an overdose last night",
            "took too many tablets on purpose",
            "I'm going to take the lot",
            "keep googling how many it would take",
            "the oramorph is all saved up in the drawer",
            "got a stash of tramadol and thinking of using it",
            "going to take everything in the medicine cupboard",
            "nearly took all my tablets last night",
            "he has his wife's tramadol and says he'll take it all",
            "sat staring at my tablets wondering if there are enough",
        ),
        must_not_fire=(
            "I take all my tablets with breakfast",
            "I take loads of tablets every day, it's a nightmare",
            "the pharmacist said be careful not to overdose on paracetamol",
            "I saved up for the coach trip",
            "I've got my tablets in a dosette box now, so much easier",
            "I'd never take all my tablets at once, don't worry",
            "I'm going to take all my tablets to the GP for a review",
            "the pharmacist gave me a naloxone kit in case of an accidental overdose on the patches",
            "a codeine overdose can damage your kidneys, so stick to the dose",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.overdose_taken",
        family="overdose_taken",
        level=U,
        description="Overdose already taken: call 999",
        patterns=(
            rf"\b(?:ive|i|just|already|have|has|shes|hes) (?:just |already |now )?(?:taken|took|swallowed|necked|downed"
            rf"|had|put on) (?:all|the lot|the whole|a whole|every|loads|lots|a load|too many|handfuls|a handful"
            rf"|(?:two|three|four|five|six|\d+) (?:boxes|packets|strips|bottles|lots|packs))\b(?: \w+){{0,4}} {MEDS}\b"
            r"(?! (?:to|for|with (?:breakfast|food|my (?:tea|breakfast|dinner))|back|in the morning|on time|as)\b)",
            r"\b(?:taken|took|swallowed|necked|downed) (?:them|it|the lot) all\b",
            r"\b(?:taken|took|swallowed|necked|downed) the lot\b",
            rf"\b(?:taken|took|swallowed|necked|downed)\b(?: \w+){{0,6}} {MEDS}\b(?: \w+){{0,6}}"
            r" (?:with|and|washed down with) (?:a |half a |the |most of a |some |loads of )?"
            r"(?:bottle|wine|vodka|whisky|gin|rum|brandy|cans"
            r"|beers|cider|sherry)\b",
            # Phase 2: quantity after the medicine ("my pregabalin, all of it"), everything in the tin.
            rf"\b(?:had|taken|took|swallowed|necked|downed|put on)(?: \w+){{0,2}} {MEDS}\b,? (?:all of (?:it|them)"
            rf"|every (?:single )?one|the lot|the whole (?:box|packet|bottle|lot))\b",
            r"\b(?:swallowed|necked|downed|taken|took) (?:everything|every tablet|every pill|all the tablets"
            r"|all the pills)"
            r"(?: (?:that was|in|from) (?:in )?(?:the|my) (?:tin|box|drawer|cupboard|bag|cabinet|house))?\b"
            r"(?! (?:with (?:food|breakfast)|on time|as (?:prescribed|normal)|for (?:today|the day))\b)",
            rf"\b(?:taken|took|swallowed|necked|had) (?:a lot of|loads of|lots of|a load of|a handful of|handfuls of"
            rf"|too much|far too many|way too many) {MEDS}\b(?! (?:today|lately|this week|for the pain)\b)",
            r"\bput (?:on )?(?:all|every one of|every single one of) (?:my |the )?(?:\w+ )?patches\b"
            r"(?! (?:in|into|away|back|in the bin)\b)",
            rf"\b(?:had a go at it|had a go at ending it)\b(?: \w+){{0,4}} (?:with )?(?:my |the |some )?{MEDS}\b",
        ),
        must_fire=(
            "I've taken all my pills. Just wanted to say thanks for everything",
            "had my pregabalin, all of it, with the whisky",
            "I've swallowed everything that was in the tin",
            "I've taken a lot of diazepam and my hands don't work",
            "put on all my fentanyl patches, every single one",
            "necked a whole box of co-codamol with a bottle of wine",
            "just swallowed all the oramorph",
            "took them all an hour ago",
            "I've taken two boxes of paracetamol",
            "on Tuesday I took a load of tablets but was sick",
        ),
        must_not_fire=(
            "I've taken my tablets, off to bed now",
            "I've taken all my tablets for today, feeling a bit brighter",
            "took all my tablets with breakfast like a good girl",
            "I'd never take all my tablets at once, don't worry",
        ),
        third_party="keep",
    ),
    # Phase 4 (blind C studied): an overdose told in passing, among other news, with a number, "all my",
    # "the lot", a whole prescription, half a box, or "od'd"; past tense, with or without alcohol.
    Rule(
        id="urgent.overdose_in_passing",
        family="overdose_taken",
        level=U,
        description="Overdose already taken, told in passing: call 999",
        patterns=(
            # A number of tablets taken (not a dose in mg, not a prescription's count).
            rf"\b(?:taken|took|swallowed|necked|downed)(?: (?:about|around|roughly|like|over|nearly|maybe|at least"
            rf"|more than|probably|easily|well over))? (?!(?:10|20|25|30|50|75) (?:\w+ )?(?:amitriptyline"
            rf"|nortriptyline|mg)\b)(?:[1-9]\d|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred"
            rf"|a dozen|two dozen|dozens of)(?! ?(?:mg|mcg|ml|milligrams?|micrograms?|500|8 500)\b)(?: \w+){{0,2}}"
            rf" {MEDS}\b(?! (?:a day|a week|a month|per|on prescription|prescribed|left|from the|come|came"
            rf"|delivered|in the post|every|each|a time|at a time)\b)",
            rf"\bhad (?:about|around|roughly|like|over|nearly|maybe|at least|more than|probably|well over)"
            rf" (?:[1-9]\d|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred)(?: \w+){{0,2}} {MEDS}\b",
            # "all my pregabalin with a bottle of wine": "had" as well as "took".
            rf"\b(?:had|taken|took|swallowed|necked|downed) all (?:of )?(?:my|me|the|his|her) (?:\w+ )?{MEDS}\b"
            rf"(?: \w+){{0,3}} (?:with|and|washed down with) (?:a |half a |the |most of a |some |loads of )?"
            rf"(?:bottle|wine|vodka|whisky|gin|rum|brandy|cans|beers|cider|sherry|lager)\b",
            r"\b(?:taken|took|swallowed|necked|downed) all of (?:them|it)\b(?! (?:to|back|in|into|out|with me"
            r"|home|for (?:today|the day)|with (?:food|breakfast)|on time)\b)",
            r"\b(?:taken|took|swallowed|necked|downed|had) (?:qmark )?the lot\b(?: qmark)?(?=.{0,80}\b"
            rf"{MEDS}\b)",
            rf"\b{MEDS}\b.{{0,80}}\b(?:ive|i|just|have|has) had the lot\b",
            r"\b(?:taken|took|swallowed|necked|downed|had) (?:my|the|a|her|his) (?:whole|entire|full) (?:prescription"
            r"|supply|months? (?:supply|worth|of)|weeks? (?:supply|worth|of)|stash|stock|repeat|script)\b"
            r"(?! (?:to|back|in|into|with me|round|along|to the|bag|bags|list|sheet|form)\b)",
            rf"\b(?:taken|took|swallowed|necked|downed|had)(?: about| like| around)? half (?:of )?(?:the|my) (?:{MEDS}"
            r"|box|bottle|packet|pack|tub|strip)\b",
            r"(?:^|\| |\b(?:ive|i|just|have|done an|taken an|took an|had an|gone and) )od\b(?! (?:on|for|daily)\b)",
            r"\b(?:taken|took|swallowed|necked|downed|had) qmark the lot\b",
        ),
        must_fire=(
            "done something stupid, had all my gabapentin with half a bottle of vodka. bit wobbly now",
            "sorry to miss tuesday, necked about 30 of my tramadol earlier. feel odd",
            "Earlier I swallowed around forty paracetamol. Watching telly now",
            "I've had the lot. Oramorph, the sleepers, everything. It's done",
            'he said he\'d taken "the lot" and put the phone down',
            "can't make the walk, I've just taken my whole prescription and I won't be here",
            "took half the co-codamol and most of the diazepam, going to sleep now",
            "od'd. sorry everyone",
            "took all of them. sorry x",
        ),
        must_not_fire=(
            "Took two co-codamol this morning and they've barely touched it",
            "I took 10 amitriptyline last night and slept better",
            "took 300 gabapentin with my tea",
            "my repeat came through, 56 pregabalin. hurrah",
            "Ending my tramadol next month with the GP's help",
            "took my whole prescription to the pharmacy for a review",
            "had the lot at the carvery, full to bursting",
            "take one od with food",
        ),
        third_party="keep",
        scope="message",
    ),
    # Phase 4: a plan given by a time or a day alone, with no method words.
    Rule(
        id="urgent.plan_by_time",
        family="plan_timeframe",
        level=U,
        description="Names a day or a time they have chosen to end their life",
        patterns=(
            r"\b(?:ive|i have|i|finally) (?:picked|chosen|decided on|settled on) (?:the|a|my) (?:day|date|night)\b"
            r"(?! (?:for|of|off|out|to|trip|meal|party)\b)",
            r"\b(?:thats|that is|that will be|thats the day|thats the night) when (?:ill|i will|im going to|im gona"
            r"|i am going to) (?:do it|end it|go through with it|be gone|finish it|go)\b",
            r"\bby the time (?:you|anyone|you lot|you all|yous|everyone|somebody|someone) (?:reads?|sees?|gets?"
            r"|finds?) (?:this|it|these)\b",
            r"\bill (?:have|of) (?:gone through with it|ended it|ended things|ended my life)\b",
            r"\bill be gone by (?:then|the time|tomorrow|tonight|the weekend|morning|monday|tuesday|wednesday"
            r"|thursday|friday|saturday|sunday|christmas|new year)\b",
            r"\b(?:tonight|today|tomorrow)(?:s| is) the (?:night|day)\b(?! (?:for|of|we|i get|i meet|my|our|the|off|to"
            r"|at|that|when|in)\b)",
            r"\b(?:with|take|taking|bring|bringing|bought|buy|buying) (?:the|a|my|some) (?:rope|noose)\b"
            r"(?! (?:swing|ladder|lights?|for|to tie|to hang (?:the|my|washing)|to climb|in the shed)\b)",
            r"\b(?:the|my) plan is\b(?:(?! (?:cut|cutting|reduce|reducing|taper|tapering|come|coming|stop|stopping"
            r"|switch|switching|wean|weaning|walk|walking|drive|driving|cycle|visit|picnic|cafe|lunch)\b) \w+){0,6}"
            rf" (?:level crossing|railway|railway line|train line|tracks|bridge|viaduct|cliff|cliffs|multi storey"
            rf"|top floor|reservoir|quarry|rope|noose|{MEDS})\b",
        ),
        must_fire=(
            "I've chosen the day. After the grandkids go home",
            "When he's away at his brother's I'll be on my own. That's when I'll do it.",
            "by the time anyone reads this on Tuesday it will be over",
            "i'll be gone by the weekend, it's all planned",
            "Tomorrow's the day. Kids are at their nan's",
            "Off up the hill on Sunday with the rope. Just needed to tell someone",
            "The plan is the railway bridge by the old mill, early before anyone's about",
        ),
        must_not_fire=(
            "We've picked the date for the Christmas meal, 18th at the Crown",
            "I've chosen the day for my op, 3rd of Feb",
            "The plan is to cut down the tramadol slowly with the GP",
            "Tonight's the night for Strictly, can't wait",
            "bought some rope for the washing line",
            "the plan is to walk over the bridge to the cafe",
            "by the time you read this I'll be in theatre for my knee, see you all after",
        ),
        third_party="keep",
        dampeners=GOODBYE_DAMPENERS,
    ),
    # Phase 4: preparatory acts told as chores: researching amounts, counting out, stockpiling, a note.
    Rule(
        id="urgent.preparing_quietly",
        family="preparatory_acts",
        level=U,
        description="Preparing to end their life: researching amounts, counting or saving medicines, a note",
        patterns=(
            rf"\bhow many (?:\w+ ){{0,3}}{MEDS} (?:would it take|does it take|it would take|would do it|would kill"
            rf"|to kill|would be enough|is enough|are enough|would you need|do you need|would i need)\b"
            r"(?! to (?:feel|work|help|touch|kick in|shift|get)\b)",
            r"\bhow many (?:would it take|does it take|it would take|would be enough) (?:for|to kill) (?:someone"
            r"|somebody|a person|me|my)\b",
            r"\b(?:looked|searched|googled|researched|read) up (?:on )?(?:how many(?! people)|how much|what dose"
            r"|the lethal dose|a lethal dose)\b",
            r"\b(?:looked|looking|searched|searching|googled|googling|researched|researching|read)(?: up| up on| on"
            r"| about)? how (?:long|quick|quickly|fast)\b(?: \w+){0,5} (?:if you (?:drink|take|swallow|neck|have)"
            r"|to (?:die|kill|stop your heart|not wake up|slip away|pass away))\b",
            r"\bif you (?:drink|take|swallow|neck|have) (?:the|a) whole (?:bottle|box|packet|lot|supply|pack|tub)\b",
            r"\bcounted (?:them|the \w+|my \w+|all my \w+|all the \w+)(?: all)? out\b.{0,160}\benough\b",
            rf"\b\d{{2,3}} {MEDS}\b.{{0,80}}\benough (?:i reckon|i think|i should think|now|by now|id say)\b",
            r"\b(?:been )?(?:stockpiling|hoarding|stashing) (?:since|for (?:weeks|months|a while|ages))\b",
            r"\btold (?:the|my) (?:gp|doctor|pharmacist|chemist|surgery|nurse)(?: that)? (?:the|my) (?:last )?(?:box"
            r"|packet|prescription|script|tablets|pills|meds|bottle)\b(?: \w+){0,3} (?:got wet|was lost|were lost"
            r"|went missing|got lost|was stolen|were stolen|fell|got binned|got thrown)\b",
            r"\b(?:writ|wrote|written|done|left|finished) (?:a|the|my) (?:note|notes|letter|letters)\b.{0,80}\b(?:calm"
            r"|waiting(?! (?:list|lists|room|times?|for (?:a|an|my|the) (?:reply|answer|appointment|letter)))|ready"
            r"|at peace"
            r"|peaceful|its time|sorted now|nothing left to do)\b",
        ),
        must_fire=(
            "how many 500mg paracetamol would it take for a big bloke",
            "Searched up how long it takes to die if you drink the whole bottle of oramorph",
            "counted my tablets out on the bed. 90 odd. that should be enough",
            "I've been stockpiling for months now. Nobody knows",
            "told the GP my last box got wet so she gave me more. got plenty now",
            "wrote the note. i'm calm now. just waiting",
        ),
        must_not_fire=(
            "how many paracetamol can I take in a day with co-codamol?",
            "googled how long morphine takes to work, anyone know?",
            "Counted my tablets into the dosette box and found I'd doubled up Tuesday",
            "stockpiling for Christmas, the freezer's full",
            "wrote a note to the milkman, he keeps leaving the wrong order",
            # Phase 16: a waiting list or a waiting room is not "waiting".
            "Finished the letter for the housing office re the waiting list for bungalows",
        ),
        third_party="keep",
        scope="message",
    ),
    # Phase 10 (blind H and I studied): medicines kept back from the people who count them, set aside "for
    # the end", or stockpiled; preparatory acts told as chores.
    Rule(
        id="urgent.medicine_kept_back",
        family="preparatory_acts",
        level=U,
        description="Keeping medicines back or stockpiling them (hidden from carers, set aside for the end)",
        patterns=(
            rf"\b(?:hiding|hid|hidden|hide) (?:all |some of |a few of )?(?:my |me |the )?(?:\w+ )?{MEDS} from"
            r" (?:the |my |me |our )?(?:district nurses?|nurses?|carers?|wife|husband|hubby|partner|family|doctor|gp"
            r"|daughter|son|missus|mrs)\b",
            rf"\b(?:keeping|kept|holding|held) (?:some |a few |a couple )?(?:of )?(?:my |me |the )?(?:\w+ )?{MEDS}"
            r" back (?:from (?:the|my|me|our) |so (?:i|id|ive) (?:have|got|get) enough|for (?:the end|myself)\b)",
            rf"\b{MEDS} (?:for|towards|ready for) the end\b(?! of\b)",
            # Phase 11: "keeping them for the end", "saving the lot for the end"; chemists visited so nobody asks.
            r"\b(?:keeping|keep|kept|saving|save|saved|putting|put|hiding|stashing) (?:them|the lot|those|these"
            r"|all of them|em) (?:all )?(?:away )?(?:for|till|until) (?:the end|when im ready|when the time comes)\b"
            r"(?! of\b)",
            r"\b(?:diferent|several|two|three|four|a few|a couple of|all the|every) (?:chemists|pharmacies|shops"
            r"|supermarkets)\b.{0,80}\bso (?:they (?:wouldnt|wont|doesnt|dont|didnt)|(?:nobody|no one|noone)"
            r" (?:would|will|does|did|can|could)) (?:ask|notice|question|twig|clock|get suspicious)\b",
            rf"\b(?:saving|saved|hiding|hid|stashing|stashed|hoarding|hoarded|not taking|skipping|stockpiling"
            rf"|squirrelling|squirreling|putting away|put away)\b.{{0,40}}\b{MEDS}\b.{{0,40}}\bso (?:i|ill|id|ive)"
            r" (?:have |got |get |will have )?(?:enough|plenty)\b"
            r"(?! (?:for|to last|till|until|over|while|when|during)\b)",
            rf"\b(?:{MEDS}|chemist|pharmacy|prescription|repeat|script)\b.{{0,120}}\b(?:got|have) (?:all|everything"
            r"|enough|plenty) (?:i need |of them |of it )?(?:stockpiled|stashed|saved up|squirrelled away"
            r"|hidden away)\b"
            r"(?! for (?:the )?(?:winter|snow|christmas|xmas|strike|holidays?|trip|weekend)\b)",
        ),
        must_fire=(
            "ive been hiding me oramorph from the district nurse so theres plenty",
            "keeping a few of the tramadol back from the carers, they never count them",
            "put my pregabalin in a jam jar. tablets for the end, not for the pain",
            "been saving my amitriptyline in a drawer so i have enough",
            "not collecting my repeat no more. got everything i need stockpiled upstairs",
            "stopped taking the co-codamol weeks ago, keeping them all for when the time comes",
            "went round four different chemists for paracetamol so nobody would ask",
        ),
        must_not_fire=(
            "hiding my tablets from the grandkids, they get into everything",
            "hiding the chocolate from the wife again",
            "I keep my tablets for the end of the day when it's worst",
            "saving my tablets in the dosette so I have enough for the holiday",
            "got plenty of tins stockpiled for the winter, prescription sorted too",
            "the nurse put my patches back in the drawer",
        ),
        third_party="keep",
        scope="message",
    ),
    # Phase 10: an overdose told by the strip, the handful or the box, or "too many ... like 20".
    Rule(
        id="urgent.overdose_by_the_strip",
        family="overdose_taken",
        level=U,
        description="Overdose already taken, told by the strip, handful or box: call 999",
        patterns=(
            rf"\b(?:taken|took|swallowed|necked|downed|had|have had|ive had) (?:a |one |two |three |a couple of |the"
            rf" )?(?:double |whole |full |big )?(?:strips?|handfuls?|fistfuls?|blister packs?|boxes|box|packets?"
            rf"|tubs?|bottles?) of (?!(?:morning|evening|night|nightly|daily|usual|regular|normal|bedtime) )(?:my |me"
            rf" |the |his |her |their )?(?:\w+ )?{MEDS}\b(?! (?:to|with me|in|into|out|back|along|round|delivered"
            r"|from|come|came|on prescription|prescribed|left|in the post|as usual|every|each|with breakfast)\b)",
            rf"\b(?:taken|took|swallowed|necked|downed) (?:my|me|the|a) (?:whole|entire|full) (?:weeks?|months?"
            rf"|fortnights?|days?)(?: worth of| of)? {MEDS}\b(?! (?:to|with me|into|out|back|along|round|delivered"
            r"|from|on holiday|away|in (?:my|me|the|a) (?:bag|handbag|case|suitcase|pocket|car))\b)",
            rf"\btoo many (?:of )?(?:my |me |the )?(?:\w+ )?{MEDS}\b(?: \w+){{0,3}},? (?:like|about|around|maybe"
            r"|probably|at least|over) (?:[1-9]\d|twenty|thirty|forty|fifty)\b(?! (?:different|a day|per day|types"
            r"|kinds|each|of them a day)\b)",
        ),
        must_fire=(
            "necked a strip of me tramadol and a strip of the sleepers, night all",
            "had a double handful of pregabalin earlier with a can, bit woozy",
            "swallowed two boxes of paracetamol after tea. dont tell anyone",
            "had way too many of the co-codamol today, like 25 maybe, ears ringing",
            "took me whole weeks pregabalin in one go last night, still woozy",
        ),
        must_not_fire=(
            "had a box of tramadol delivered today at last",
            "took a strip of paracetamol to work in case",
            "took a box of co-codamol back to the chemist, wrong strength",
            "had a handful of tablets to take every morning, sick of it",
            "swallowed a handful of my morning tablets as usual",
            "my gran has too many meds these days, like 15 a day",
            "took my whole weeks tablets with me to the caravan",
        ),
        third_party="keep",
    ),
    # Phase 10: self-harm told in passing, beside other news: "on purpose", over and over, with cigarettes.
    Rule(
        id="urgent.self_harm_in_passing",
        family="self_harm",
        level=U,
        description="Has hurt themselves on purpose recently (burning, hitting, stabbing), told in passing",
        patterns=(
            r"\b(?:burnt|burned|burning|cut|cutting|hit|hitting|scratched|scratching|stabbed|stabbing|scalded|bashed"
            r"|bashing|bit|biting|punched|punching) (?:myself|my (?:arms?|legs?|wrists?|thighs?|hands?|head|skin"
            r"|stomach|face)|me (?:arms?|legs?|wrists?|thighs?|hands?|head))\b(?: \w+){0,5} (?<!not )on purpose\b",
            r"\b(?:burning|burnt|burned|stubbing|stubbed) (?:me|my|myself)(?: (?:arms?|legs?|wrists?|thighs?|hands?"
            r"|skin|stomach))? with (?:cigs|cigarettes?|fags?|me fags?|my fags?)\b(?!.{0,30}\b(?:accident|by mistake"
            r"|accidentally)\b)",
            r"\b(?:stubbing|stubbed|stub) (?:cigs|cigarettes?|fags?|me fags?|my fags?) out on (?:me|my|myself)\b",
            r"\b(?:hit|hitting|punched|punching|bashed|bashing|stabbing|stabbed|scratching|scratched|jabbing|jabbed)"
            r" (?:myself|my (?:hands?|arms?|legs?|head|thighs?|face|wrists?)|me (?:hands?|arms?|legs?|head))\b"
            r"(?: \w+){0,7} (?:over and over|again and again|till (?:it|they|i) bled|until (?:it|they|i) bled"
            r"|to feel something|to stop (?:me )?screaming)\b",
            r"\b(?:stabbing|stabbed|jabbing|jabbed) (?:myself|my (?:hands?|arms?|legs?|thighs?|wrists?)|me (?:hands?"
            r"|arms?|legs?)) with (?:a |the |me |my )?(?:compass|pins?|knife|scissors|pen|pencil|fork|blade|razor"
            r"|glass)\b(?!.{0,40}\b(?:sewing|knitting|accident|by mistake|accidentally|darning|slipped)\b)",
            r"\b(?:keep|kept|been|keeps) (?:pulling|pulled|picking|picked|ripping|ripped) (?:the |my |me )?stitches"
            r" out\b",
        ),
        must_fire=(
            "scalded my arm with the kettle on purpose, at least it's a pain I chose",
            "been burning me arm with fags again, dont tell our kid. anyone watching the darts",
            "hit my head on the wall over and over last night till i calmed down",
            "stabbed my leg with the compass from the grandkids set. it helped",
            "i keep pulling the stitches out of where i cut",
        ),
        must_not_fire=(
            "burnt my hand on the oven, not on purpose obviously, what a day",
            "burnt my hand with a cigarette by accident at the bus stop",
            "stabbed my hand with a fork, slipped doing the washing up",
            "the nurse pulled my stitches out today, didn't feel a thing",
            "hit my head on the cupboard door again, ouch",
            "i cut my finger on the tin lid this morning",
        ),
    ),
    # Phase 10: an interrupted attempt told in passing: found by someone at a place with the means.
    Rule(
        id="urgent.attempt_interrupted",
        family="attempt",
        level=U,
        description="An interrupted attempt: found by someone with the means (told in passing)",
        patterns=(
            rf"\b(?:found|caught|stopped) me (?:in the (?:bath|bathroom|garage|loft|car|woods))\b(?: \w+){{0,3}} with"
            rf" (?:the|a|his|my|me|all my|all me) (?:knife|blade|razor|belt|cord|hose|hosepipe|{MEDS})\b"
            r"(?!.{0,30}\b(?:sharpen\w*|fix\w*|mend\w*|cutting the|carving|whittl\w*|sorting)\b)",
        ),
        must_fire=(
            "the wife found me in the garage on sunday with the hosepipe. i hadnt got far",
            "our kid found me in the bath with a blade tuesday. anyway how was everyones week",
        ),
        must_not_fire=(
            "he found me in the garage with the knife sharpening the mower blade",
            "the grandkids found me in the woods with a flask and a sandwich",
        ),
        third_party="keep",
    ),
    # Phase 10: a passive wish told plainly ("it'd be nice to be dead", "if a bus hit me I wouldn't mind").
    Rule(
        id="concern.passive_wish_plain",
        family="passive_wish",
        level=C,
        description="A passive wish to be dead, told plainly",
        patterns=(
            r"\b(?:itd|it would|would|itll|it will) be (?:nice|lovely|easier|a relief|peaceful|a blessing|a mercy)"
            r" (?:just )?to (?:be dead|not wake up|just not exist|not exist|go to sleep and not wake up)\b"
            r"(?! (?:to the world|at|early|so early|before|in the night|till|until|on)\b)",
            r"\bif a (?:bus|lorry|car|truck|train|van) (?:hit|hits|knocked|knocks|ran|runs) (?:me|over me)"
            r"(?: \w+){0,6},?"
            r" (?:id|i would|i wouldnt|i would not)(?: even| really| honestly)? (?:be ok|be okay|mind|care|be glad"
            r"|be happy|be relieved|be alright|be ok with (?:it|that)|be okay with (?:it|that))\b",
            # Phase 14 (blind M): wishing to stop being alive, told beside good news.
            r"\b(?:wish|wishing|want|wanting|hope|hoping)(?: \w+){0,2} (?:i could |to |i would |id |i might"
            r" )?(?:just )?"
            r"stop being alive\b",
        ),
        must_fire=(
            "some nights i think it would be nice to be dead, then i put the kettle on",
            "roast dinner at the carvery was smashing. I also wish I could stop being alive, odd mix",
            "honest to god if a lorry hit me on the way to the shop i wouldnt mind",
        ),
        must_not_fire=(
            "it would be nice to be dead to the world for a week on a beach",
            "if a bus hit me tomorrow id have no idea where my will is lol",
            "it would be nice to not wake up at 4am for once",
            "the tomatoes just stop being alive once the frost comes, I wish I had a greenhouse",
        ),
    ),
    # Phase 12 (blind K studied): preparatory acts told as errands and chores, a member at a drop now, a
    # passive wish and isolation told plainly beside other news.
    Rule(
        id="urgent.medicine_bought_to_keep",
        family="preparatory_acts",
        level=U,
        description="Buying medicines in a way that gets round the limits, or saying what they are really for",
        patterns=(
            rf"\b(?:packs?|packets?|boxes|box|tubs?|strips?) of {MEDS}\b.{{0,60}}\b(?:from|at|through|on|across)"
            r" (?:(?:two|three|four) )?(?:diferent|separate|several|two|three|four|both|all the|the other) (?:tills"
            r"|checkouts|self checkouts"
            r"|counters|branches)\b",
            rf"\b{MEDS}\b.{{0,160}}\bi (?:know|knew) (?:exactly )?what (?:theyre|they are|theyll be|its|they were)"
            r" (?:really )?for\b(?! (?:now|and|but|though|thanks|cos|because|the gp|the doctor|the nurse)\b)",
        ),
        must_fire=(
            "put two boxes of co-codamol through three separate checkouts at Morrisons, one at a time",
            "picked up packets of co-codamol on two separate self checkouts so the machine wouldnt stop me",
            "the sleeping tablets are in the drawer now. I know exactly what they're for",
        ),
        must_not_fire=(
            "only allowed two packets of ibuprofen at the till, daft rule when your back is bad",
            "they've changed my tablets again, I know what they're for now the GP explained",
            "went to two different chemists for my pregabalin, shortage again",
            "the pharmacist labelled my tablets so I know what they're for and when",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.trains_or_tides_looked_up",
        family="preparatory_acts",
        level=U,
        description="Has looked up where fast trains do not stop, or tide times, beside a way of dying",
        patterns=(
            r"\b(?:looked|looking|read|reading|searched|searching|googled|googling|checked|checking|found|finding"
            r"|worked|working) (?:up |out )?(?:on )?(?:which|what|the) (?:stations?|platforms?|crossings?)\b"
            r"(?: \w+){0,4}"
            r" (?:fast|express|through|non stop|nonstop|freight) (?:trains?|ones) (?:dont|do not|wont|never|doesnt)"
            r" stop\b",
            r"\b(?:fast|express|through|non stop|nonstop|freight) trains?\b(?: \w+){0,6} (?:dont|do not|wont|never"
            r"|doesnt) stop\b.{0,160}\b(?:writen it|wrote it|noted it|paper|purse|wallet|pocket|platform end"
            r"|end of the platform)\b",
            r"\b(?:tide times|times of the tides?|when the tide (?:comes|is|turns))\b.{0,160}"
            r"\b(?:walk (?:in|out)(?:to)?"
            r" (?:the sea|the water|the river|the estuary)|(?:walk|go|wade) (?:in|out) and not|not come back"
            r"|wont come back|not coming back|for the last time|off the cliff|cliff edge)\b",
        ),
        must_fire=(
            "found which platforms the through trains don't stop at and put it in my pocket book",
            "worked out the platforms where the express trains never stop. it's in my wallet",
            "checked the tide times. I'll walk out at the bay when it turns and not come back",
        ),
        must_not_fire=(
            "the Saturday timetable changed, the quickest service skips our village now, two buses instead",
            "checked the tide times so the dog and I don't get cut off on the sands",
            "the fast trains don't stop here anymore, have to change at Crewe",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.giving_away_and_clearing_out",
        family="preparatory_acts",
        level=U,
        description="Giving belongings or a pet away for good, with the home cleared or a note left",
        patterns=(
            r"\b(?:given|gave|giving|gien|gied|handed|passed|rehomed|rehoming)(?: away| on)? (?:ma|my|me|the|our|mums"
            r"|dads|grandads|grandmas|nans) (?:\w+ ){0,2}(?:watch|ring|rings|jewellery|jewelery|medals|guitar|tools"
            r"|records|dog|cat|cats|dogs|budgie|necklace|camera|collection|bike)\b.{0,200}\b(?:cleared|clearing|emptied"
            r"|emptying) (?:out |oot )?(?:ma|my|me|the) (?:flat|room|house|wardrobe|wardrobes|drawers|things|stuff"
            r"|cupboards)\b",
            r"\b(?:cleared|emptied) (?:out |oot )?(?:ma|my|me|the) (?:flat|room|house|wardrobe|drawers|things"
            r"|stuff)\b.{0,200}\b(?:given|gave|gien|gied|handed|rehomed)(?: away| on)? (?:ma|my|me|the|our) (?:\w+ )"
            r"{0,2}(?:watch|ring|rings|jewellery|jewelery|medals|guitar|tools|records|dog|cat|cats|dogs|budgie"
            r"|necklace|camera|collection|bike)\b",
            r"\b(?:given|gave|rehomed|found a (?:new )?home for|found homes for) (?:ma|my|me|the|our) (?:dog|cat|cats"
            r"|dogs|budgie|rabbit|parrot|birds?)\b(?: \w+){0,6} (?:for good|for keeps)\b(?: \w+){0,4}"
            r" (?:wont|will not|wil not|dont|not going to) (?:need|be needing|be able to look after|be here)\b",
        ),
        must_fire=(
            "gave my dad's medals to our kid and cleared out my room. left a note on the side",
            "rehomed the cat with Jean for good, I won't be needing to feed her",
            "emptied my wardrobe at the charity shop and gave my guitar to the lad next door",
        ),
        must_not_fire=(
            "gave my old bike to my grandson and cleared out the garage, we're moving in May",
            "handed my watch in for repair and cleared out the kitchen drawers, good day",
            "gave the dog to my sister for good when I went into sheltered housing, she spoils him",
        ),
        third_party="keep",
        dampeners=GOODBYE_DAMPENERS,
        scope="message",
    ),
    Rule(
        id="urgent.other_at_a_drop_now",
        family="other_at_risk_now",
        level=U,
        description="Someone else has just said they are at a railway line, bridge, viaduct or cliff edge",
        patterns=(
            r"\b(?:just|has just|just now|only just) (?:posted|texted|messaged|put|written|wrote|rung|rang|called"
            r"|phoned|said|sent)\b(?: \w+){0,6} (?:that )?(?:hes|shes|theyre|he is|she is|they are|hes gone|shes gone"
            r"|hes stood|shes stood|hes sat|shes sat|hes standing|shes standing)(?: (?:down|up|out|over))?"
            r" (?:at|on|by|near|to|onto|on top of) the (?:railway line|railway|train tracks|tracks|train line"
            r"|level crossing|viaduct|cliff edge|cliffs?|bridge|top of the multi storey|multi storey roof)\b"
            r"(?! (?:club|museum|station cafe|party|tournament|game|drive|walk)\b)",
        ),
        must_fire=(
            "our Kev has just rung to say he's stood on the viaduct above the canal, can anyone get there",
            "Pauline has just posted that she is on the bridge again. who's nearest",
        ),
        must_not_fire=(
            "Pauline just posted that she's at the bridge club, she won again",
            "he just texted that he's at the railway museum with the grandkids",
            "she said last year she was on the bridge and the crisis team came",
        ),
        third_party="keep",
        past=False,
    ),
    Rule(
        id="concern.wishing_to_die_in_sleep",
        family="passive_wish",
        level=C,
        description="A passive wish to die, told as wishing or hoping to die in their sleep",
        patterns=(
            r"\b(?:wishing|hoping|praying|wish|hope|pray) (?:that )?(?:i|id|i would|i could|i might|i will|il)"
            r" (?:just )?(?:die|slip away) in (?:my|me) sleep\b"
            r"(?! (?:when|like|at|one day|someday|eventually|of old age)\b)",
        ),
        must_fire=(
            "new grandbaby is gorgeous. still, most nights I'm hoping I die in my sleep",
            "lie awake praying I'll slip away in me sleep before the next scan",
        ),
        must_not_fire=(
            "when my time comes I hope I go in my sleep like my nan did, at 98",
            "my dad died in his sleep, peaceful",
        ),
    ),
    Rule(
        id="concern.only_conversation",
        family="isolation",
        level=C,
        description="Isolation told by the only person they have spoken to in days or a week",
        patterns=(
            r"\b(?:my only|the only) (?:conversations?|chats?|person (?:i |ive |i have )?(?:spoke|spoken|talked)(?:"
            r" to)?)"
            r"(?: \w+){0,2} (?:this|all|last|in a|for a) (?:week|fortnight|month|weekend) (?:was|has been|is|were)\b"
            r"(?! about\b)",
        ),
        must_fire=(
            "since the wife passed the only person I've talked to all week was the meter reader",
            "the only person I've spoken to all week was the chemist",
            "the only conversations I had all week were with a parcel driver, and were two words long",
        ),
        must_not_fire=(
            "my only visitor this week was the plumber and now the boiler works, hooray",
            "the only conversation in the pub this week was about the cup final",
        ),
    ),
    # Phase 13, rebuilt in phase 14 (blind L's shapes): each rule narrow, with examples both ways.
    Rule(
        id="urgent.working_out_how_to_do_it",
        family="active_thoughts",
        level=U,
        description="Is working out how they would end their life, or has a head full of ways out",
        patterns=(
            r"\b(?:working|figuring|planning|work|figure|plan|sorting|start working|started working) out how (?:i"
            r"|id|i would|i could|i might|il|i will) (?:do it|go about it|end it|manage it)\b",
            r"\bhow (?:they|theyd|they would|youd|you would|one would) (?:do|end) it\b.{0,80}\bnot asking for"
            r" (?:a|my) (?:friend|mate|pal)\b",
            r"\b(?:head|mind|brain)(?:s| is| has been|s been)? (?:full of|filling up with|filled with|crowded with)"
            r" ways (?:out|to go|to end it)\b",
        ),
        must_fire=(
            "up again at 4 figuring out how I'd go about it. the kettle's on anyway",
            "cat wants breakfast at 3 and I'm lying there planning out how I'd go about it. bleak, sorry",
            "my mind's full of ways out this week, could someone ring me",
        ),
        must_not_fire=(
            "back then I worked out how I'd do it, and then I rang the Samaritans instead",
            "working out how I'd manage the stairs after the op, any tips",
            "my head is full of ways to redo the garden now the fence is up",
        ),
        scope="message",
    ),
    Rule(
        id="urgent.medicine_then_enough",
        family="method",
        level=U,
        description="Names a medicine they have, then says it would be enough to end their life",
        patterns=(
            rf"\b{MEDS}\b.{{0,200}}\b(?:enough|plenty) to (?:do the job|do it|finish me|finish me off|end it|see me"
            r" off|not wake up|put me to sleep for good)\b(?! (?:till|until|for the|properly|on|with)\b)",
            rf"\b{MEDS}\b.{{0,200}}\b(?:thatd|that would|thatll|that will|itd|it would) be (?:plenty|enough)\b"
            r"(?=.{0,60}\b(?:care|mind|for it|do it|comes to it|the job|the end)\b)",
        ),
        must_fire=(
            "the chemist finally sent the pregabalin and the zopiclone. put together, plenty to do the job",
            "kept the morphine from dad's last weeks. reckon thatd be plenty and honestly I wouldn't mind",
        ),
        must_not_fire=(
            "packed the ibuprofen and my tramadol, that'll be plenty for the fortnight at my sister's caravan",
            "my tramadol is enough to take the edge off till Friday",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.self_harm_other_words",
        family="self_harm",
        level=U,
        description="Self-harm told in other words: skin scratched raw, a head banged hard, hidden dressings",
        patterns=(
            r"(?<!cat )(?<!dog )(?<!kitten )(?<!puppy )\b(?:scratched|scratching|scraped|scraping|clawed|clawing|dug"
            r"|digging)(?: at| into)? (?:ma|my|me) (?:arms|legs|skin|wrists|thighs|face|hands)(?: \w+){0,2}"
            r" (?:raw|till (?:it|they) bled|until (?:it|they) bled|till (?:it|they) bleed|to bleeding)\b"
            r"(?!.{0,100}\b(?:eczema|itch|itching|itchy|rash|hives|psoriasis|midges?|bites|nettles|shingles"
            r"|allergy|sunburn|brambles|thorns|chickenpox)\b)",
            r"\b(?:taken to|have taken to|started|ive started) banging (?:my|ma|me) head (?:on|against|off) (?:the"
            r" |my |a )?"
            r"(?:bedroom |kitchen |bathroom |brick"
            r" )?(?:headboard|door|floor|wall|walls)\b(?!.{0,40}\b(?:council|dwp|forms?|gp|surgery|phone|paperwork"
            r"|them|they)\b)",
            r"\bhid(?:e|ing)? (?:the |my )?(?:plasters|dressings|bandages|steri"
            r" strips|cuts|marks)\b.{0,160}\b(?:started"
            r"|starting|begun|began) (?:doing it|it|cutting|that|doing that) again\b",
        ),
        must_fire=(
            "clawed at my wrists till they bled in the bathroom. calmer now",
            "Since the new year I've started banging my head against the bedroom door till I see stars",
            "tips for hiding dressings on my arms at the pool? I've started doing it again",
        ),
        must_not_fire=(
            "woke up having scratched my legs raw, this eczema flare is awful, which emollient do you use",
            "the kitten scratched my hands raw playing with string",
            "I've started banging my head against a brick wall with the surgery phone line, on hold again",
        ),
        scope="message",
    ),
    Rule(
        id="urgent.ligature_gave_way",
        family="attempt",
        level=U,
        description="A ligature that gave way or snapped, with 'still here' or 'didn't work'",
        patterns=(
            r"(?<!washing line )(?<!skipping )(?<!tow )(?<!bag )\b(?:belt|rope|cord|scarf|flex|lead|tie|ligature)\b"
            r"(?: \w+){0,5} (?:gave way|snapped|broke|came loose)\b.{0,160}\b(?:still here|didnt work|did not work"
            r"|so thats that|woke up on the floor)\b(?! (?:laughing|to tell|lol|haha|though)\b)",
        ),
        must_fire=(
            "the cord snapped last night. so thats that for now. didnt work",
            "tried with a scarf on the banister and it came loose. still here. throat aches",
        ),
        must_not_fire=(
            "the washing line rope snapped and the sheets went everywhere, still here laughing about it with Jan",
            "my bag strap broke in town, so that's that bag done",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.took_loads_nothing_yet",
        family="overdose_taken",
        level=U,
        description="Has taken a lot of something and says they feel nothing yet",
        patterns=(
            r"\b(?:took|taken|swallowed|necked|downed) (?:loads|lots|a load|a lot|the lot|a handful|handfuls"
            r"|them all|all of them|heaps)\b.{0,80}\b(?:dont feel anything yet|not feeling anything yet|nothing"
            r" (?:happening )?yet|not kicked in yet|havent kicked in yet|no effect yet)\b",
        ),
        must_fire=(
            "necked a handful an hour ago. nothing happening yet",
            "swallowed them all with my cuppa at seven. still nothing happening yet, weird",
        ),
        must_not_fire=(
            "took loads of photos at the wedding, nothing printed yet",
            "had a handful of physio sessions, no effect yet on the hip",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.goodbyes_nobody_knew_why",
        family="preparatory_acts",
        level=U,
        description="Has said goodbyes that the others did not know the reason for",
        patterns=(
            r"\bsaid (?:my |our )?(?:goodbyes?|bye|ta ra) to\b.{0,160}\b(?:(?:they|he|she)(?: \w+){0,2}"
            r" (?:didnt|did not"
            r"|dont|doesnt|wouldnt|never|couldnt) (?:know|realise|realize|twig|guess|clock)|(?:nobody|no one|noone"
            r"|none of them)(?: \w+){0,2} (?:knew|realised|realized|twigged|guessed|clocked|(?:could )?(?:tell|guess)))"
            r"(?: \w+){0,2} (?:what (?:it was |that was )?for|why)\b",
        ),
        must_fire=("rang round and said goodbye to my aunties one by one, none of them twigged why",),
        must_not_fire=(
            "said goodbye to the grandkids at the station, they didn't know why I was crying, soppy nan",
            "said our goodbyes to the old house today, didn't know what for until the van came",
        ),
        third_party="keep",
        dampeners=GOODBYE_DAMPENERS + (r"\b(?:crying|cried|soppy|emotional|tearful)\b",),
        scope="message",
    ),
    Rule(
        id="urgent.last_thing_then_free_to_go",
        family="intent",
        level=U,
        description="A last task done, after which they say they are free or ready to go",
        patterns=(
            r"\b(?:last thing|last job|final thing|final job|last item) (?:on|off) (?:my|the|me) (?:list|to do list"
            r"|jobs list)\b.{0,100}\b(?:free to go|can go now|ready to go now|ok to go now|allowed to go now)\b"
            r"(?! (?:to|out|and|for|home|shopping|on|round)\b)",
        ),
        must_fire=("jumper for our Kayleigh is posted, that was the final job on my list. I'm free to go",),
        must_not_fire=("car's washed, last job on the list, so I'm free to go to the match",),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.medicine_limit_more_trips",
        family="preparatory_acts",
        level=U,
        description="Collecting medicines round the limits, with a few more trips to have what they need",
        patterns=(
            r"\b(?:box|boxes|packets?|packs?|chemists?|pharmacy|pharmacies|boots|superdrug|tesco|asda|shops?"
            r"|supermarkets?)\b.{0,200}\b(?:couple|few|two|three|one or two|couple of) more (?:trips|shops|visits"
            r"|goes)\b.{0,60}\b(?:have|got|ill have) (?:what i need|enough|the lot|all i need)\b"
            r"(?! (?:for|to last|till|until)\b)",
        ),
        must_fire=(
            "Superdrug, Lloyds and the Co-op so far, two packets a go. A few more visits and I'll have all I need",
        ),
        must_not_fire=(
            "the pharmacy keeps running short of my patches so it's two more trips before I've got enough for the"
            " cruise",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.ligature_long_enough",
        family="method",
        level=U,
        description="Has checked that a lead, cord or belt is long or strong enough",
        patterns=(
            r"\b(?:cable|cord|flex|belt|rope|scarf|lead off (?:the|my|me) (?:\w+ )?(?:machine|unit)|tens lead)\b"
            r"(?: \w+){0,4} (?:is|s|was|its|are|will"
            r" be|would be) (?:long|strong) enough\b.{0,30}\b(?:i checked|ive checked|i tested|ive tested|checked"
            r" it|tested it)\b(?!.{0,40}\b(?:reach|plug|socket|garden|hoover|telly|tv|lamp|mower|strimmer|kettle"
            r"|charger|car|van|dog|caravan)\b)",
        ),
        must_fire=(
            "measured the cord from my dressing gown, it is long enough, i tested it. ignore me, bad head tonight",
        ),
        must_not_fire=(
            "the extension lead is long enough, I checked, it reaches the garden now",
            "bought an extending rope for the dog at the pet shop, it is long enough, checked it at the park and he"
            " loves it",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.car_and_hose",
        family="method",
        level=U,
        description="Has a car's exhaust or a full tank and a hose in mind together",
        patterns=(
            r"\b(?:full tank|exhaust|garage)\b.{0,120}\b(?:hosepipe|hose pipe|hose)\b.{0,120}\b(?:combination"
            r"|thinking about (?:it|that|doing it)|thought about (?:it|that)|the answer|that way|keep thinking about it"
            r"|keeps coming back)\b",
            r"\b(?:hosepipe|hose pipe|hose)\b.{0,120}\b(?:full tank|exhaust)\b.{0,120}\b(?:combination"
            r"|thinking about (?:it|that|doing it)|thought about (?:it|that)|the answer|that way|keep thinking about it"
            r"|keeps coming back)\b",
        ),
        must_fire=(
            "Topped up the diesel today, full tank. Spare hose sits coiled under the parcel shelf. My head keeps"
            " coming back to that combination",
        ),
        must_not_fire=(
            "left the hose out by the garage and the car's got a full tank for the trip, thinking about Whitby",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.trains_dont_slow_the_answer",
        family="method",
        level=U,
        description="Trains that do not slow down, thought of as the answer or a way out",
        patterns=(
            r"\btrains?\b(?: \w+){0,3} (?:dont|do not|never|wont|doesnt) (?:slow|stop|brake)\b.{0,140}\b(?:coming back"
            r" to me|keeps coming back|i keep thinking|keep thinking|cant stop thinking)\b(?: \w+){0,4}"
            r" (?:as )?(?:the answer|a way out|the way out|an answer)\b",
        ),
        must_fire=("the goods trains never slow past the end of our lane. I keep thinking of it as the way out",),
        must_not_fire=(
            "the trains don't stop at our halt now, the answer is the 42 bus, I keep thinking of writing to the MP",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.overdose_not_accidental",
        family="attempt",
        level=U,
        description="An overdose recorded as accidental that the author says was not",
        patterns=(
            r"\baccidental overdose\b.{0,200}\b(?:it|that|mine|this one) (?:wasnt|was not|werent|wasn t|was never)"
            r" (?:accidental|an accident)\b",
            r"\b(?:it|that|mine) (?:wasnt|was not|was never) (?:accidental|an accident)\b.{0,200}\baccidental"
            r" overdose\b",
        ),
        must_fire=("notes from the ward say accidental overdose. between us, it wasn't an accident",),
        must_not_fire=("the coroner recorded an accidental overdose for my uncle; we knew it was an accident",),
        scope="message",
    ),
    # Phase 14 (blind M's shapes): overdoses told sideways, preparatory acts as chores, a plan by a date, isolation
    # and past ideation brought back. Narrow on purpose; the learned layer reads the rest.
    Rule(
        id="urgent.medicines_into_me",
        family="overdose_taken",
        level=U,
        description="Says the medicines went into them, or asks how long a large amount takes to work",
        patterns=(
            r"\b(?:in to|into) me (?:rather than|instead of|not) (?:in )?(?:the )?(?:bin|pharmacy|chemist|returns)\b",
            r"\bhow long (?:does|do|will|would|till|until|before) (?:\w+ ){0,3}(?:take to )?kick(?:s)? in\b.{0,100}"
            r"\b(?:had|taken|took|swallowed|necked) (?:about |like |maybe |around |roughly )?(?:\d{2,}|thirty|forty"
            r"|fifty|sixty|a hundred)\b",
            r"\bdoubled (?:it |them )?up\b.{0,80}\b(?:stopped|lost|gave up) counting\b",
        ),
        must_fire=(
            "emptied the old boxes out of the bathroom cupboard. into me instead of the pharmacy returns",
            "roughly how long before codeine kicks in once you've taken about 35? yes it's me, just done",
            "doubled the dose with breakfast, doubled it up with lunch, and gave up counting by teatime",
        ),
        must_not_fire=(
            "how long does pregabalin take to kick in? had about 2 weeks on it so far",
            "doubled up on the knitting and lost count of the rows",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.no_point_paying_after",
        family="preparatory_acts",
        level=U,
        description="Cancels contracts or subscriptions because there is no point after a date",
        patterns=(
            r"\b(?:cancelled|canceled|cancelling|stopped|ended|closed) (?:my |the )?(?:phone|contract|gym|tv"
            r" licence|subscriptions?|direct debits?|netflix|insurance|membership|papers?)\b.{0,160}\bno point"
            r" (?:paying|renewing|keeping|having)(?: \w+){0,4} (?:after|past|beyond) (?:this|next|the end of"
            r" (?:the|this)) (?:month|week|weekend|friday|year)\b",
        ),
        must_fire=("stopped the direct debits and the netflix. no point having them past next week is there",),
        must_not_fire=("stopped my swimming membership, no point paying past the end of this month with the knee op",),
        third_party="keep",
        dampeners=GOODBYE_DAMPENERS + (r"\b(?:knee|hip|op|moving|switching|cheaper|deal)\b",),
        scope="message",
    ),
    Rule(
        id="urgent.pet_surrendered_not_for_long",
        family="preparatory_acts",
        level=U,
        description="A pet handed to a rescue or rehomed, with 'not for long' or 'won't be here'",
        patterns=(
            r"\b(?:took|taken|gave|given|handed|surrendered|dropped) (?:\w+ ){0,3}(?:to|in to|into|at|off at)"
            r" (?:the )?(?:rescue|rspca|dogs trust|cats protection|shelter|rescue centre|blue cross)\b.{0,200}"
            r"\b(?:wont be for long|(?:i|il|ill) (?:wont|will not) (?:need|be here|be around)|wont be (?:here|around)"
            r" (?:for )?long|not be (?:here|around) (?:for )?long)\b",
        ),
        must_fire=(
            "dropped Pepper off at the Dogs Trust with her lead and bowls. flat feels empty. won't be around long",
        ),
        must_not_fire=(
            "took the old bedding to the rescue centre, they won't need blankets for long with the new donations",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        id="urgent.date_spared_for_someone",
        family="plan_timeframe",
        level=U,
        description="A day chosen so that someone close will not have that date to remember",
        patterns=(
            r"\b(?:after|before|not on) (?:my|our|her|his|their|the)"
            r" (?:birthday|anniversary|wedding|christmas)\b.{0,60}"
            r"\bso (?:mum|mam|dad|my \w+|the kids|she|he|they|nobody|no one)\b(?: \w+){0,3} (?:doesnt|dont|wont"
            r"|does not|will not|never) (?:have|need|get) to (?:remember|associate|mark|think about)\b",
        ),
        must_fire=("It'll be a Tuesday in March, not on our anniversary, so he won't have to remember both",),
        must_not_fire=(
            "the christening lands before my birthday, so nobody will have to remember it separately, we've booked"
            " one big cake",
        ),
        third_party="keep",
        dampeners=(r"\b(?:party|cake|cakes|do|meal|booked|holiday|wedding list|presents?)\b",),
        scope="message",
    ),
    Rule(
        # Phase 15 (N and P, two writers): a time named as "my window", the chance to act when nobody is there.
        id="urgent.window_to_act",
        family="plan_timeframe",
        level=U,
        description="A time named as their window to act (when nobody will be around)",
        # Only the window itself, or a window "to do it / to end it / to go": a window *for* something or *to*
        # do an ordinary thing ("that's my chance to get the garden done", "my opportunity to rest") is everyday
        # talk (the lead, after adoption: both were rated urgent by 2026.12.15).
        patterns=(
            r"\b(?:thats|that is|that will be|thatll be|itll be|it will be|its|is) (?:gona be |going to be )?my"
            r" (?:window|chance|opportunity)(?: to (?:do it|do this|end it|end things|end everything|finish it|go|slip"
            r" away|be done with it))?(?! (?:to|for|of|at|on|in|with|cleaner|seat|sill|frame|box|blinds?)\b)\b",
        ),
        must_fire=(
            "The lodger heads back to Poland on the ninth, nobody about for a fortnight. That'll be my window.",
            "once mum goes in for her knee op the flat is empty all week and thats gona be my chance",
            "nobody home till Sunday so thats my chance to do it",
        ),
        must_not_fire=(
            "Aisle for you, that's my window seat on the coach to Llandudno, I get travel sick",
            "She has a nap about two, that's my window of opportunity to get the ironing done",
            "Grandson washed every pane, that's my window cleaner sorted for nothing",
            "once the kids go back to school thats my chance to get the garden done",
            "Mum is away all week. That is my opportunity to rest properly",
            "Friday is my chance for a lie-in",
        ),
        third_party="keep",
        scope="message",
    ),
    # --- Phase 16 (R, S, T and U studied: ADR 0010, "Version 2, phase 16"). Each rule is a shape, written and tried
    # on everyday sentences of the same shape (the phase-15 lesson), never a sentence of a portion.
    Rule(
        # Self-harm begun again: "cut again", "back to hurting myself", a clean time undone with a blade.
        id="urgent.self_harm_begun_again",
        family="self_harm",
        level=U,
        description="Self-harm begun again after a time without it (cut again, back to hurting themselves)",
        patterns=(
            r"(?:^|\b(?:i|ive|i have|i had|id)\b )(?:cut|cutting) (?:myself |my (?:arms?|legs?|thighs?|wrists?) )?"
            r"again\b(?! (?:on|with|by|shaving|cooking|chopping|making|in|at|trying|getting|doing|reaching|opening"
            r"|gardening|pruning|ironing|baking|peeling|slicing|the|some|more|a|an|it|them|those|these|this|that)\b)",
            r"\bback to (?:hurting|cutting|harming|burning) (?:myself|me)\b",
            r"\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|few) (?:weeks|months"
            r"|years|yrs) clean\b(?: \w+){0,5} (?:undone|gone|blown|broken|ruined|over|wasted)\b(?: \w+){0,3} (?:with"
            r"|by|using) (?:a|the|my) (?:compass|blade|razor|needle|lighter)\b",
            r"\brelapsed\b.{0,80}\b(?:with|using|used) (?:a|the|my|me) (?:compass|blade|razor|needle|lighter)\b",
            r"\b(?:punched|punching|punch|hit|hitting|smashed|smashing) (?:the|a) (?:radiator|door|doors|mirror|fridge"
            r"|cupboard|tree|brick wall|tiles?)\b(?: \w+){0,3} (?:till|until) (?:my )?(?:knuckles|hands?|fists?)"
            r" (?:split|bled|bleed|bruised|cracked|broke)\b",
            r"\b(?:stitches|stitched|steri ?strips|glued)\b.{0,80}\bdidnt go deep enough\b(?! (?:for|to|that)\b)",
        ),
        must_fire=(
            "cut again before bed and it was worse than I meant",
            "ive cut my thighs again, sorry to moan",
            "honestly im back to hurting myself most nights",
            "Nine months clean, all undone with a razor in the bathroom last night",
            "Relapsed tonight. Used the compass from the maths set",
            "kicked the bin then punched the radiator until my knuckles bled",
            "Had it glued at the walk-in. Didn't go deep enough, which I'm gutted about",
        ),
        must_not_fire=(
            "cut my hair again, my daughter says it's wonky",
            "I cut my arm again on the bramble by the gate",
            "they've cut again at the council, no more bus pass",
            "The budget's been cut again, the pain clinic is down to one nurse",
            "back to hurting my back lifting the shopping, my own fault",
            "Eighteen months clean from the fags and then undone by a trip to Amsterdam",
            "punched the air until my hands hurt at the match",
            "Nurse said the cut didnt go deep enough for stitches, just a plaster",
            "the screws didn't go deep enough so the shelf came down again",
            "I cut again, the onions this time, for the soup",
        ),
        scope="message",
    ),
    Rule(
        # Overdose told flatly: a whole week's or month's medicines at once, someone else's and their own, a load.
        id="urgent.overdose_whole_supply",
        family="overdose_taken",
        level=U,
        description="Says they took a whole supply, a load of their medicines, or someone else's with their own",
        patterns=(
            r"\b(?:took|had|taken|swallowed|necked|downed) (?:my|the|her|his|mums|dads|me) (?:whole|entire|full)"
            r" (?:weeks |weekly |months |fortnights |fortnightly )?(?:dosette(?: box)?|blister packs?|supply|strip"
            rf"|(?:box|packet|pack|tub|bottle) of {MEDS}|box|packet)\b(?! (?:to|back|round|into|in|with|for|from|up|of"
            r"|out|over|on|off|away|box|boxes|filled|refilled|sorted|done|made up|ready|checked|delivered)\b)",
            rf"\b(?:took|had|taken|swallowed|necked|downed) (?:(?:my|me|the|her|his|our) )?(?:\w+s )?{MEDS} (?:and"
            r"|plus)"
            r" (?:mine|my own|all mine"
            r"|all of mine)\b(?! (?:to|back|round|in|into|for|from|up|out|over|with|sorted|delivered|checked|changed"
            r"|reviewed|counted|collected|ordered|mixed up|at the)\b)",
            r"\b(?:took|had|taken|swallowed|necked|downed) (?:a load|loads|a lot|a bunch|a handful|handfuls|a pile"
            rf"|a heap|a stack) of (?:me|my|the|mums|dads|her|his) {MEDS}\b(?! (?:changed|reviewed|stopped|swapped"
            r"|delivered|sent|put|out|taken|increased|reduced|cut|sorted|stolen|to|back|into|from|for|in|with|on|off"
            r"|over|at the)\b)",
            r"\b(?:emptied|tipped|poured) (?:the|my|a|that|this|her|his|mums|dads)(?: \w+){0,3}"
            r" (?:(?:pharmacy|chemist|medicine|meds|tablet|pill|prescription) (?:bag|box|boxes|packet|cabinet"
            r"|cupboard)"
            rf"|{MEDS}|(?:bag|box|boxes|packet|packets|lot) of {MEDS}) (?:down me|down my (?:neck|throat)|into me"
            r"|in to me)\b",
        ),
        must_fire=(
            "Had my whole fortnight's blister pack at once. Sorry everyone",
            "swallowed the full box of zopiclone before tea",
            "necked my nans tablets and mine, not bothered now",
            "had a load of my pregabalin after the argument, feeling odd",
            "tipped the whole box of co-codamol down me an hour ago",
        ),
        must_not_fire=(
            "took my whole dosette box to the pharmacy so they could check it",
            "had the whole box of maltesers watching the match",
            "took mums tablets and mine back to the chemist for disposal",
            "had a load of my tablets changed at the review",
            "tipped the box of cornflakes down me, what a mess",
            "took my whole supply of tablets on holiday in case the flight was delayed",
            "had my full dose this morning with breakfast as usual",
            "I take my whole prescription in the morning with my porridge",
            "had my whole weeks dosette box filled by the pharmacist, so handy",
        ),
        third_party="keep",
        scope="message",
    ),
    Rule(
        # An attempt told by what came after it: a stomach washed out, found in time, the car in a shut garage.
        id="urgent.attempt_told_by_after",
        family="attempt",
        level=U,
        description="An attempt told by what came after it (stomach washed out, found in time, could not even do that)",
        patterns=(
            r"\b(?:washed|wash|pumped|pump|pumping|washing) (?:my|me|out my) stomach(?: out)?\b"
            r"|\b(?:had my|my) stomach (?:washed|pumped)(?: out)?\b",
            r"\b(?:found|got to|reached) me (?:just )?in time\b(?! (?:for|to)\b)",
            r"\b(?:ward|a and e|paramedics?|ambulance|didnt work|cut out|stomach)\b.{0,120}\b(?:couldnt|could not|cant"
            r"|cannot) even (?:get|do|manage) (?:that|this|it) right\b",
            r"\b(?:ran|run|running|left) the (?:car|engine)(?: running)?(?: \w+){0,5} (?:garage|lock ?up)\b(?:"
            r" \w+){0,4}"
            r" (?:door|doors) (?:down|shut|closed)\b",
            r"\b(?:edge|platform|tracks|express|fast one|fast train|ledge|railings)\b.{0,120}\b(?:stepped|pulled"
            r"|jumped)"
            r" back at the (?:very )?(?:last|final) (?:second|minute|moment)\b",
            # "Tried to end it with my tablets": a means after "end it with", not a relationship or a joke.
            r"\b(?:tried|try|trying|attempted|went) to end it (?:all )?with (?:my|me|the|a|some|all|his|her|mums|dads)"
            rf" (?:\w+ ){{0,2}}?(?:{MEDS}|rope|belt|cord|knife|blade|razor|ligature)\b",
        ),
        must_fire=(
            "Home from the ward. They washed my stomach out on Saturday and I wish they hadn't",
            "my neighbour got to me in time, apparently. I don't feel grateful",
            "ambulance came, hospital overnight. couldnt even do that right could i",
            "I ran the engine in the garage with the doors shut till the neighbour banged on them",
            "at the edge of the platform when the express came, and I stepped back at the last second",
            "back in March I tried to end it with the amitriptyline, nobody knows",
        ),
        must_not_fire=(
            "the vet had to pump the dog's stomach after he ate a sock",
            "my mate found me in time for the kick off",
            "burnt the tea, couldn't even get that right lol",
            "ran the car in the garage with the door up to warm it",
            "stepped back at the last second when the bus splashed the pavement",
            "the paramedics were lovely with mum, I couldn't even get her coat on right",
            "I tried to end it with my ex by text, coward I know",
            "tried to end it with a joke but nobody laughed at the meeting",
        ),
        scope="message",
    ),
    Rule(
        # Active thoughts told plainly in new words: deciding whether to be alive, a voice telling them to end it,
        # one step and that would be that.
        id="urgent.thoughts_told_plainly",
        family="active_thoughts",
        level=U,
        description="Thoughts of ending their life told plainly (whether to stay alive, a voice saying to end it)",
        patterns=(
            r"\b(?:deciding|decide|decided|working out|wondering|weighing up) (?:if|whether) (?:i|im|i am) (?:even )?"
            r"(?:want to|wanna|still want to) (?:be alive|stay alive|wake up|be here|live)\b(?! (?:in|with|near|at"
            r"|on|by"
            r"|abroad|somewhere|there|here|closer|for|when|nearer|alone|together|like)\b)",
            r"\b(?:brain|head|mind|thoughts?|voices?)(?: \w+){0,2} (?:telling|tells|saying|says) (?:me )?to (?:end it"
            r"|end it all|end things|end my life|kill myself|jump|finish it|finish myself|go through with it|take"
            r" the lot"
            r"|take them all|stop breathing)\b",
            r"\bone (?:good |little |big |small )?(?:step|fall|jump|push|swerve)(?: (?:off|forward|down|over|too far))?"
            r"(?: and| n)? (?:thatd be that|that would be that|thats that|thatll be that|it(?:d| would) be over)\b"
            r"(?! (?:for|at|with|on)\b)",
            r"\b(?:thoughts|the thought|a thought) (?:of|about) finishing (?:things|it|it all|myself)\b(?! (?:at|off"
            r"|for|before|on"
            r"|around|with|up|early|by|after|first)\b)",
        ),
        must_fire=(
            "lay awake deciding whether i even want to wake up tomorrow",
            "my head keeps telling me to take the lot and be done",
            "at the crossing I think one step and thatd be that",
            "the thoughts about finishing it are back most nights",
        ),
        must_not_fire=(
            "deciding whether I want to live in Wales or stay near the kids",
            "my brain keeps telling me to eat the whole cake",
            "my head is telling me to stop before my body needs to",
            "one step at a time and that's that, says the physio",
            "one fall and thats that at her age, mum needs a pendant alarm",
            "thoughts about finishing it early? the jigsaw is nearly done",
            "any thoughts about finishing things at the allotment before winter",
        ),
    ),
    Rule(
        id="concern.nobody_touched_me",
        family="isolation",
        level=C,
        description="Isolation told as nobody having touched or hugged them in a long time",
        patterns=(
            r"\b(?:cant|dont|do not|cannot) remember (?:when|the last time) (?:anyone|someone|somebody|a person)"
            r"(?: \w+){0,2} (?:touched|hugged|held) me\b",
        ),
        must_fire=("Honestly I don't remember the last time anybody hugged me, unless you count the blood test nurse",),
        must_not_fire=(
            "I can't remember the last time anyone in this family touched the old piano, it's gathering dust",
        ),
        past=False,
    ),
    Rule(
        id="concern.past_thoughts_brought_back",
        family="past_ideation",
        level=C,
        description="A past attempt, self-harm or wish to die that the present brings back or keeps in mind",
        patterns=(
            r"\b(?:attempts?|tried to (?:end|kill|take)|overdoses?|overdosed|self harm|self harmed|cut myself"
            r"|burn(?:ed|t)? myself|wanted to die|ending my life|end my life|end"
            r" it)\b.{0,200}\b(?:(?:bringing|bringin|brings|brought|takes me|took"
            r" me|dragging|drags) (?:it |them |me )?(?:all |aw |right |straight )?back|(?:came|come|comes|coming)"
            r" (?:straight |right )?back(?<!didnt come back)(?<!didnt come right back)|(?:still|often)"
            r" (?:think|thinking) (?:about|of) (?:it|that|that time"
            r"|them)|thinking of that time|troubles me more)\b(?! (?:to (?:the|my)"
            r" (?:gym|group|work|class)|home|from|on here|here|in here)\b)",
        ),
        must_fire=(
            "two overdoses when I was at uni. I still think about it more than anyone knows",
            "cut myself most nights as a teen. this flare is dragging it all back",
        ),
        must_not_fire=("my friend tried the new hydro pool and came straight back to tell me it's lovely",),
        past=False,
        scope="message",
    ),
    Rule(
        id="concern.life_if_not_for_me",
        family="burdensomeness",
        level=C,
        description="Says someone close would have a life if it were not for them",
        patterns=(
            r"\b(?:hed|shed|theyd|he would|she would|they would|hed have|shed have|theyd have|would have)"
            r" (?:have |get )?(?:a|their|his|her) (?:life|lives|own life) (?:back )?if (?:it wasnt|it werent"
            r"|it was not|it were not|not) for me\b",
        ),
        must_fire=(
            "Twenty-three and stuck wiping my chin after every meal. Theyd get their own life back if it werent for"
            " me.",
        ),
        must_not_fire=("she'd have a life of leisure if it wasn't for the grandkids, she says",),
    ),
    Rule(
        id="concern.run_out_of_ways_to_cope",
        family="cant_cope",
        level=C,
        description="Has run out of ways to get through the day or the pain",
        patterns=(
            r"\b(?:run|ran|running) out of (?:ways|things|tricks|ideas) to (?:get through|cope|manage|survive|face)"
            r" (?:the|this|each|every|another) (?:day|days|night|nights|pain|week)\b",
        ),
        must_fire=("flare after flare since Easter and I've run out of ways to get through each night",),
        must_not_fire=("we've run out of things to do with the grandkids this half term, ideas welcome",),
    ),
    # Phase 4: self-harm told as what was done, and a decision told without method words.
    Rule(
        id="urgent.self_harm_as_act",
        family="self_harm",
        level=U,
        description="Has hurt themselves on purpose recently (told as what they did)",
        patterns=(
            r"\b(?:ive been|been|i keep|i kept|keep) (?:punching|hitting|headbutting|thumping) (?:the |a )?walls?\b",
            r"\bwhat i did to my (?:arms?|legs?|wrists?|thighs?|skin|stomach)\b",
            r"\b(?:made|making|did|done) (?:some )?new (?:ones|cuts)\b",
            r"\b(?:picked at|opened up|reopened|re opened) (?:the|my) (?:old )?cuts\b",
            r"\b(?:been |ive been |started )?(?:cuttin|cutting) again\b(?! (?:the|my|our|his|her) (?:hair|hedge|grass"
            r"|lawn|fringe|dough|fabric|toenails|nails)\b)",
        ),
        must_fire=(
            "I've been punching the wall again, knuckles are raw",
            "long sleeves today cos of what i did to my arms",
            "Reopened the old cuts last night",
            "been cutting again, sorry",
        ),
        must_not_fire=(
            "the neighbours have been banging on the wall all night",
            "cutting again the fringe myself, what could go wrong",
            "what I did to my back lifting that bag, ouch",
        ),
    ),
    Rule(
        id="urgent.decided_quietly",
        family="intent",
        level=U,
        description="Says they have decided not to go on living, without naming how",
        patterns=(
            r"\b(?:im|i am) not (?:carrying on|going on)\b(?! (?:with|at|to|in|as|the|doing|like|about|for)\b)",
            r"\b(?:dont|do not|please dont|please do not) (?:try (?:to|and) )?talk me out of (?:it|this)\b",
        ),
        must_fire=(
            "My mind's made up. I'm not carrying on.",
            "I'm going to do it, please don't try and talk me out of it",
        ),
        must_not_fire=(
            "I'm not carrying on with the hydrotherapy, it made my back worse",
            "I'm not going on the coach trip this year",
        ),
    ),
    # Phase 5 (blind D studied): shapes D's writer used that no rule had. Paraphrase shapes, not D's sentences.
    Rule(
        id="urgent.self_harm_with_object",
        family="self_harm",
        level=U,
        description="Has hurt themselves on purpose recently (struck, burned or punched till injured)",
        patterns=(
            r"\b(?:hitting|hit|whacking|whacked|smashing|smashed|bashing|bashed|beating|beat) my (?:own |bad |sore )?"
            r"(?:legs?|knees?|arms?|hands?|head|hips?|feet|foot|shins?)\b(?: \w+){0,2} with (?:a|the) (?:hammer"
            r"|rolling pin|belt|brick|stick|bat|spanner)\b",
            r"\b(?:held|put|pressed|holding|pressing|pushed) (?:my (?:hand|arm|fingers|wrist|palm)|the (?:hot )?iron"
            r"|a lighter|the lighter)(?: \w+){0,3} (?:gas ring|hob|flame|iron|my arm|my hand|my skin|my wrist)\b"
            r"(?: \w+){0,2} on purpose\b",
            r"\b(?:punched|punching|smashed|smashing|hit|hitting|thumped|thumping) (?:my (?:fist|hand|head) (?:into"
            r"|against) )?(?:the |a )?(?:door|wall|walls)\b(?: \w+){0,3} (?:til|till|until) my (?:knuckles"
            r"|hands?|fist) (?:split|bled|bleed|were bleeding|broke|cracked)\b",
        ),
        must_fire=(
            "I keep whacking my knee with the rolling pin when the pain peaks",
            "pressed the hot iron on my arm on purpose last night",
            "smashed my fist into the wall till my knuckles bled",
        ),
        must_not_fire=(
            "hit my thumb with the hammer putting the shelf up, ouch",
            "burnt my hand on the iron, not on purpose obviously",
            "the builders were hitting the wall till it cracked",
        ),
    ),
    Rule(
        id="urgent.patches_or_part_taken",
        family="overdose_taken",
        level=U,
        description="Overdose already taken (several patches on, part of a packet swallowed): call 999",
        patterns=(
            r"\b(?:put|stuck|slapped|whacked) (?:on )?(?:[2-9]|two|three|four|five|six|seven|eight|ten|all|every)"
            r" (?:of )?(?:my |the )?(?:\w+ )?patches\b(?! (?:in|into|away|back|in the bin|on order)\b)",
            rf"\b(?:got|gone|went|get) (?:halfway|half way|part way|most of the way) through (?:the|a|my) (?:\w+ )?"
            rf"(?:packet|box|bottle|strip|tub|pack) of {MEDS}\b(?! (?:already|this month|this week|since)\b)",
        ),
        must_fire=(
            "stuck four of the fentanyl patches on this afternoon",
            "got halfway through the box of co-codamol last night and was sick",
        ),
        must_not_fire=(
            "put two patches in the bin, they'd fallen off",
            "halfway through the box of paracetamol already this month, back's been awful",
            "I've got two patches left till the repeat",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.method_no_waking",
        family="method",
        level=U,
        description="Asks whether a whole supply of a medicine would stop them waking up",
        patterns=(
            r"\bif i (?:put|stuck|took|swallowed|had|used) (?:the whole|all|every|a whole|all of)\b(?: \w+){0,4}"
            r" (?:i )?(?:wouldnt|would not|wont|will not|never|not) (?:wake up|wake|come round)\b",
        ),
        must_fire=("if I took the whole lot I wouldn't wake up would I",),
        must_not_fire=("if I took all my tablets at night I'd sleep better",),
    ),
    Rule(
        id="urgent.not_found_until",
        family="plan_timeframe",
        level=U,
        description="Plans to be where nobody will find them until it is too late",
        patterns=(
            r"\b(?:no one|noone|nobody|no body) (?:will|would|wil|ll|d) (?:find|discover) me (?:till|until|before"
            r"|for)\b",
        ),
        must_fire=("booked a room for friday, nobody will find me till the morning",),
        must_not_fire=("nobody will find me in the garden, I'm hiding from the washing up",),
    ),
    Rule(
        id="urgent.putting_tablets_aside",
        family="preparatory_acts",
        level=U,
        description="Putting tablets aside or counting out a large store (preparatory act)",
        patterns=(
            rf"\b(?:putting|put|keeping|kept|saving|saved|setting|squirrelling|stashing|hiding|holding) (?:back )?"
            rf"(?:one|a|two|some|the odd|my|a few|\d|\d of (?:the|my))(?: \w+)?"
            rf" (?:{MEDS}|tablets?|pills?)(?: \w+)? (?:aside|by|back)\b"
            rf"(?: \w+){{0,3}} (?:every|each|since|for weeks|for months)\b",
            rf"\bcounted (?:them|the lot|everything|all my tablets|my tablets|my pills) (?:out|up)\b"
            rf"(?! (?:into|for|in) (?:the|my) (?:dosette|pill|week)\b)(?: \w+){{0,3}} [1-9]\d{{2,}} {MEDS}\b",
        ),
        must_fire=(
            "I've been putting a pregabalin aside every morning since the summer",
            "keeping 3 of my tramadol back every night since the new year",
            "counted them out tonight, 150 pregabalin and 60 tramadol",
        ),
        must_not_fire=(
            "putting a pound aside every week for Christmas",
            "counted them out into the dosette box for the week",
        ),
    ),
    Rule(
        id="concern.worried_about_member",
        family="concern_for_other",
        level=C,
        description="Worried about another member: dark posts, or not answering after missing sessions",
        patterns=(
            r"\b(?:posts|messages|texts|comments) have (?:been|got|gotten|become) (?:really |very |so |quite |a bit )?"
            r"(?:dark|bleak|worrying|low|grim)\b",
            r"\b(?:missed|not been to|hasnt been to|not been on)\b(?: \w+){0,4} (?:and|but) (?:isnt|hasnt been|is not"
            r"|not) (?:answering|picking up)\b",
        ),
        must_fire=(
            "Kath's messages have got really bleak lately, can someone check on her?",
            "Has anyone heard from Ian? He missed the last two calls and isn't answering",
        ),
        must_not_fire=("the weather's been really dark lately",),
        third_party="keep",
    ),
    Rule(
        id="concern.burden_weight",
        family="burdensomeness",
        level=C,
        description="Feels a weight on the people they love",
        patterns=(
            r"\b(?:a|just a|such a|like a|im a|im|nothing but a) (?:weight|millstone|dead weight|drag) (?:round|around)"
            r" (?:my|their|his|her|everyones|everyone|them)(?: \w+)? necks?\b",
            r"\b(?:a|just a|such a|nothing but a) (?:dead weight|drag) (?:on|to) (?:them|everyone|everybody"
            r"|my (?:family|husband|wife|son|daughter|kids|partner))\b",
            r"\b(?:im|i am|i feel like|feel like) (?:such |just |nothing but |a bit of )?a (?:millstone|dead weight)\b",
        ),
        must_fire=("I'm just a dead weight round my son's neck", "honestly I'm a millstone"),
        must_not_fire=("the mortgage is a weight round our necks", "a weight on my mind, the MOT's due"),
    ),
    Rule(
        id="concern.nothing_will_fix",
        family="hopelessness",
        level=C,
        description="Has stopped hoping: nothing will ever fix or help them",
        patterns=(
            r"\bnothing (?:will|is going to|is gonna|can|is ever going to) (?:ever )?(?:fix|help|change) me\b",
            r"\b(?:stopped|given up) (?:pretending|believing|hoping|kidding myself)\b(?: \w+){0,3}"
            r" (?:better|fixed|get better|it will|itll)\b",
        ),
        must_fire=("nothing is ever going to fix me", "I've stopped believing it'll get better"),
        must_not_fire=("nothing can fix this printer", "stopped pretending I like the new physio exercises"),
    ),
    Rule(
        id="urgent.attempt",
        family="attempt",
        level=U,
        description="A suicide attempt, recent or interrupted, even if told in the past tense",
        patterns=(
            rf"\b(?:tried|trying|try) to (?:kill {SELF}|end (?:it|it all|my life|things|everything)|take {OWN_LIFE}"
            rf"|hang {SELF}|overdose|jump)\b"
            r"(?! (?:with|there|on the|off the bus|over|the queue|queues|the gun|ship|up|in|at|for)\b)",
            r"\b(?:stopped|pulled|talked|dragged|grabbed) me (?:just in time|in time|down|back|off the)\b",
            r"\b(?:was going to|were going to|nearly|almost) (?:jump|take them|take the lot|end it|go through with it"
            r"|swallow them)\b(?: \w+){0,6} but\b",
            r"\b(?:stomach pumped|pumped my stomach|woke up in (?:a and e|hospital|resus|intensive care|icu))\b"
            r"(?!(?: \w+){0,3} (?:op|operation|surgery|anaesthetic|fall|knee|hip|shoulder|back|replacement)\b)",
            # Phase 2: an attempt told as what was done, not named as one.
            r"\bin the garage with the engine running\b",
            r"\b(?:hose|hosepipe|pipe|tube) (?:to|from|on|into) the exhaust\b",
            r"\b(?:stood|standing|stand|got) (?:up )?on (?:a|the) (?:chair|stool|ladder)\b(?: \w+){0,4} (?:cord|rope"
            r"|belt|flex|noose|scarf|cable)\b",
            r"\b(?:walked|waded|went) (?:out )?into the (?:sea|river|lake|canal|water|reservoir)\b"
            r"(?! (?:for a (?:swim|paddle|dip)|to (?:swim|paddle)|with the (?:dog|kids|grandkids))\b)",
            r"\b(?:talked|talking) (?:me|to me)\b(?: \w+){0,3} (?:till|until) the (?:police|ambulance|paramedics)"
            r" (?:came|arrived|got there)\b",
            rf"\bhad a go at (?:it|ending it|ending things)\b(?: \w+){{0,4}} (?:with )?(?:my |the |some )?(?:{MEDS}"
            r"|rope|cord|belt|vodka|whisky|gin)\b",
            r"\b(?:second|third|2nd|3rd) (?:attempt|time i(?:ve)? tried)\b",
        ),
        must_fire=(
            "last weekend I tried to end it",
            "I tried to kill myself on Saturday",
            "I was going to jump but a man talked me down",
            "had my stomach pumped on Sunday",
            "my husband pulled me back just in time",
            "sat in the car in the garage with the engine running",
            "stood on a chair with the dressing gown cord on sunday",
            "walked into the sea on Monday evening fully dressed",
            "a lad talked to me till the police came",
        ),
        must_not_fire=(
            "I tried to end the call but zoom froze",
            "tried to jump the queue at the chemist, got told off",
            "I'm not going to try to end it, I promise",
            "woke up in hospital after my knee op, all went well",
            "walked into the sea for a paddle with the grandkids",
            "the police came and talked to me about the burglary",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.method",
        family="method",
        level=U,
        description="Mentions a method of ending their life",
        patterns=(
            rf"\b(?:hang|hanging|hanged|hung) {SELF}\b",
            # Phase 3: the means kept, and what it is not for.
            r"\b(?:blade|blades|razor|razors|knife|rope|hosepipe|hose)\b(?: \w+){0,12} not for (?:shaving|shavin|the"
            r" garden|cooking|any intruders?|an intruder|intruders)\b",
            rf"\b(?:jump|jumping|jumped|throw {SELF}|throwing {SELF}) (?:off|from) (?:a |the |that )?(?:bridge|cliff"
            rf"|roof"
            rf"|building|multi storey|car park|tower|balcony|suspension bridge)\b",
            rf"\b(?:jump|jumping|throw {SELF}|throwing {SELF}|step|stepping|walk|walking|lie"
            rf"|lying)(?: out)? (?:in front of"
            r"|under)"
            r" (?:a |the )?(?:train|bus|lorry|car|truck|traffic)\b",
            rf"\b(?:drown|drowning|gas|gassing|poison|poisoning|shoot|shooting|electrocute|starve|starving"
            rf"|suffocate) {SELF}\b"
            r"(?! in the foot)",
            r"\b(?:slit|slash|slashing|slitting|cut|cutting) (?:my|her|his|their) (?:wrists|wrist|throat)\b",
            r"\b(?:drive|driving) (?:my |the |her |his )?(?:car )?(?:into|off) (?:a |the )?(?:wall|tree|bridge|river"
            r"|sea"
            r"|cliff|lorry|oncoming|road|motorway|edge)\b",
            r"\brope\b(?=.{0,300}\b(?:neck|hang|loft|garage|beam|banister)\b)",
            r"\b(?:walk|walking) into the (?:sea|river|lake|canal)\b(?! for)",
            rf"\b(?:throw|throwing|threw) {SELF} (?:in|into) (?:the |a )?(?:river|sea|canal|lake|water|quarry)\b",
            # Phase 2: places, jumping and medicines with drink, as people write them.
            r"\b(?:thought|thinking|think|thinks) about the (?:train line|railway line|railway|tracks|level crossing"
            r"|bypass|motorway bridge|viaduct) again\b",
            r"\b(?:step|stepping|stepped|walk|walking|walked|jump|jumping) out in front of (?:one of )?(?:them |those"
            r" |the |a )?(?:lorries|lorry|buses|bus|trains?|cars?|traffic|trucks?)\b",
            r"\b(?:whenever|every time|each time) i (?:cross|go over|walk over|drive over|go across) (?:a |the )?bridge"
            r"\b(?: \w+){0,10} (?:jump|jumping|look down|the drop|over the edge|over the side)\b",
            r"\b(?:jumping|jump|going over the edge)\b(?: \w+){0,3} (?:whenever|every time|each time) (?:i )?"
            r"(?:cross|crossing|go over|walk over|drive over) (?:a |the )?bridge\b",
            r"\b(?:on|at|up on) the (?:bridge|roof|edge|cliff|cliffs|ledge|viaduct)\b(?: \w+){0,6} (?:going to|gona"
            r"|about to|wants to|threatening to) jump\b",
            r"\b(?:whole|entire|full) (?:bottle|box|packet|tub|lot)\b(?: \w+){0,2} (?:would|will|should|could|might)"
            r" (?:do it|be enough|finish me|do the job|do me in)\b",
            rf"\b{MEDS} (?:and|n) (?:the|a bottle of|a whole bottle of) (?:gin|vodka|whisky|wine|brandy|rum)\b",
            r"\b(?:running|run|ran) the (?:car|engine) in the (?:garage|closed garage)\b",
            rf"\b(?:drunk|drank|downed|necked) (?:a |half a |the |most of a |a whole )?(?:bottle|bottles) of \w+"
            rf" (?:with|and) (?:her |his |my |their |the |some |all (?:her|his|my) )?{MEDS}\b",
        ),
        must_fire=(
            "there's a razor in the cabinet and it's not for shaving",
            "kept a rope in the shed, not for the garden",
            "thought about hanging myself",
            "im going to jump off the bridge",
            "keep thinking about stepping in front of a train",
            "i could just drive into a wall",
            "want to slit my wrists",
            "thought about throwing myself into the canal",
            "thought about the train line again today",
            "stepping out in front of one of them lorries on the bypass",
            "every time I cross the bridge I think about jumping",
            "he's on the bridge by the retail park and he's going to jump",
            "the whole bottle would do it wouldn't it",
            "Oramorph and the gin, that's what goes round my head",
            "she's drunk a bottle of vodka with her tramadol",
        ),
        must_not_fire=(
            "bought a new razor, the old one was blunt for shaving",
            "the rope in the shed is for the washing line",
            "I jumped off the bus too quick and jarred my back",
            "I'd never hang myself, don't be daft",
            "I really shot myself in the foot agreeing to host",
            "tramadol and wine don't mix, the GP said",
            "thinking about the train line strike again, no trains Friday",
            "the whole box will do for the raffle prizes",
            "we walked along the river, lovely",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.plan_or_timeframe",
        family="plan_timeframe",
        level=U,
        description="Talks about a plan, a note or a time to end their life",
        patterns=(
            r"\b(?:made|got|have|making|ive got) (?:a|my) plan (?:to|for) (?:end|kill|die|do it|take)\b",
            r"\bplanned (?:how|when|where) (?:i|im|il|to)\b",
            r"\b(?:worked out|figured out|decided|know exactly) (?:how|when|where) (?:i|im|il|to) (?:going to )?(?:end"
            r"|kill|die|do it|take my)\b",
            r"\bend(?:ing)? it (?:tonight|today|tomorrow|this weekend|soon)\b",
            r"\b(?:suicide|goodbye|farewell) (?:note|notes|letter|letters)\b",
            r"\b(?:written|wrote|writing|left) (?:my |a )?(?:last|final|goodbye) (?:letter|letters|note|notes"
            r"|message)\b",
            r"\b(?:letters?|notes?)(?: \w+){0,4} to find\b",
            r"\b(?:going to|gona|will|il|im) do it tonight\b",
            r"\b(?:thinking|thought|think|planning|planned|worked out|working out) (?:about |of )?how (?:i|id|il|to"
            r"|i would"
            r"|i could|i will) (?:do it|end it)\b(?! (?:differently|better|next|again|with|without|for|on)\b)",
            # Phase 2: a time or a plan without method words.
            r"\bi wont see (?:\d+|christmas|new year|my \w+ birthday|another (?:christmas|birthday|year|summer"
            r"|spring))\b(?! (?:with|at|this year|because|cos|as|till|until)\b)",
            r"\b(?:got|have|ive got|its) (?:it )?all (?:planned|worked) out\b(?! (?:for|with)\b)",
            r"\b(?:wont|not|never) (?:be )?(?:coming|come) back (?:out|down|up)\b(?! (?:to|till|until|for|before"
            r"|after|here|again)\b)",
            r"\b(?:use|using) the time to do it\b",
            r"\b(?:then|after that|and then) (?:im going|ill go|i will go|im gone|ill be gone)\b(?! (?:to|for|home"
            r"|back|out|on|shopping|away)\b)",
        ),
        must_fire=(
            "there were times when I planned how I was gonna do it",
            "ive made a plan to end it",
            "i've written goodbye letters to the kids",
            "ending it tonight",
            "I'll see Christmas through for the kids and then I'm going",
            "on my birthday next week i'll be 50 and i won't see 51",
            "going up to the reservoir in the morning, won't be coming back down",
            "left a note for my husband to find",
            "I'll do it tonight when everyone's asleep",
            "keep thinking about how I could end it",
        ),
        must_not_fire=(
            "we planned the route for Saturday",
            "I've made a plan for pacing the gardening",
            "I've written a note for my daughter to pick up my prescription",
            "I'll do the poll tonight",
            "left a note for the milkman",
            "thinking about how I'd do it differently next time, the crochet",
            "I won't see Christmas with the kids this year, they're at their dad's",
            "got it all planned out for the trip on Saturday",
            "won't be coming back down to the group till after Easter",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.goodbye",
        family="preparatory_acts",
        level=U,
        description="Writes what reads as a final goodbye",
        patterns=(
            r"\bthis is (?:my )?goodbye\b",
            r"\b(?:final|last) goodbyes?\b",
            r"\bgoodbye (?:forever|for ever|cruel world)\b",
            r"\bsaying my goodbyes\b",
            # Letters to the family (issue 14: "goodbye letters to children" was missed).
            r"\b(?:written|wrote|writing|write|left) (?:a |some )?(?:letters?|notes?) (?:to|for)"
            r" (?:my|both my|each of my|all my|all the|the) (?:kids|children|girls|boys|sons|daughters"
            r"|grandchildren|grandkids|family|husband|wife|partner|mum|son|daughter|sister|brother)\b"
            r"(?!(?: \w+){0,3} (?:for christmas|birthday|thank|about the|to say thank|explaining the|re the"
            r"|with the shopping|on the fridge)\b)",
            r"\b(?:this is|its|this will be|this is probably) my (?:last|final) (?:message|text|post)\b",
            r"\byou (?:wont|will never|wil never|will not) (?:hear from|see) me again\b",
            r"\bby the time you (?:read|see|get) this\b",
            r"\blook after (?:each other|yourselves|one another|my \w+) (?:for me|when im gone)\b",
            r"\bplease look after (?:my )?(?:kids|children|dog|cat|cats|dogs|mum|husband|wife|family) for me\b",
            r"\btell (?:my )?(?:kids|children|family|husband|wife|daughter|son|mum|partner|grandkids) (?:that )?i"
            r" (?:love|loved) (?:them|her|him)\b",
            r"\b(?:wont|will not|not going to) be (?:here|around|alive) (?:much longer|for much longer|for long"
            r"|by (?:the"
            r" morning|tomorrow|the weekend))\b",
            r"\bgoodbye (?:everyone|all|you all|my friends|friends)\b(?=.{0,300}\b(?:love you|forever|sorry|for good"
            r"|forgive"
            r" me)\b)",
            r"\bsorry for everything\b(?=.{0,300}\b(?:goodbye|bye|love you all|forgive me)\b)",
            r"\bgoodbye\b(?! (?:for now|til|until|see you|then)\b)(?=.{0,300}\b(?:love you|sorry|forgive me)\b)",
            r"\b(?:love you all|sorry|forgive me)\b.{0,300}\bgoodbye\b(?! (?:for now|til|until|see you|then)\b)",
            r"\btell (?:my |the )?(?:kids|children|family|husband|wife|daughter|son|mum|partner|grandkids|everyone|them"
            r"|group"
            r"|\w+) (?:that )?(?:im sorry|i am sorry|i love|i loved)\b",
            r"\bthank you (?:all )?for everything\b(?=.{0,300}\b(?:tonight|goodbye|sorry|forgive|look after"
            r"|for the last time"
            r"|the night)\b)",
            r"\b(?:tonight|today|this) is the (?:night|day)\b(?=.{0,300}\b(?:thank you|goodbye|sorry|love you"
            r"|forgive)\b)",
            r"\b(?:il|i will|id) be gone (?:by|before) (?:the morning|tomorrow|tonight|the weekend|then)\b",
            r"\b(?:wont|will not|not going to) be (?:anywhere|here anymore|around anymore|alive)\b",
            # Phase 3: "it's been lovely knowing you all"; driving out and not coming back.
            r"\b(?:been )?(?:lovely|nice|good|a pleasure|an honour|an honor) knowing (?:you|yous|you all|everyone"
            r"|you lot|all of you)\b",
            r"\b(?:drive|driving|walk|walking|go|going|goin|head|heading)(?: out| off)? (?:to|up to|down to|out to)"
            r"(?: \w+){1,8} (?:and|n) (?:i )?(?:wont|will not|im not|am not) (?:be )?(?:coming|comin) (?:back|home)\b"
            r"(?! (?:till|until|til|for|before|after)\b)",
            r"\b(?:saying|said|says|posted|messaged|texted|sent)(?: \w+)? goodbye\b(?=.{0,300}\b(?:sorry|not answering"
            r"|not"
            r" replying|phone (?:is )?off|cant get hold|no answer|no reply|worried)\b)",
        ),
        must_fire=(
            "It's been lovely knowing you all. Take care.",
            "driving out to the coast road on Sunday and I won't be coming back",
            "this is goodbye. thank you all",
            "goodbye everyone, love you all",
            "by the time you read this it will be over",
            "please look after my dog for me",
            "you won't hear from me again",
            "I won't be around much longer",
            "I'm sorry for all of it. Goodbye.",
            "tell my son im sorry",
            "he posted goodbye on facebook and now his phone is off",
            "please tell everyone im sorry",
            "Thank you all for everything. Look after yourselves.",
            "I've written letters to both my kids, they're in the bureau",
        ),
        must_not_fire=(
            "We're moving to Spain next month! It's been lovely knowing you all",
            "going to my daughter's for Christmas and won't be coming back till January",
            "bye all, see you Thursday x",
            "wrote a note to my daughter about the shopping, she never reads them",
            "I've written letters to the grandchildren for Christmas, they love getting post",
            "said goodbye to my old car today, sad",
            "I won't be around next week, at my daughter's",
            "Sorry I can't make it Thursday. Goodbye for now, see you all soon",
            "I'll be gone for a fortnight, Spain!",
            "thank you for everything today, lovely meeting",
        ),
        dampeners=GOODBYE_DAMPENERS,
        scope="message",
    ),
    Rule(
        id="urgent.self_harm",
        family="self_harm",
        level=U,
        description="Talks about harming themselves on purpose",
        patterns=(
            r"\bselfharm\w*\b",
            rf"\b(?:harm|harming|harmed) {SELF}\b",
            rf"\b(?:want|wanted|wanting|tempted|urge|urges|feel like|felt like|thinking of|thought about|thinking about"
            rf"|going|need|needed|have|had) (?:to )?(?:hurt|hurting|cut|cutting|burn|burning) {SELF}\b(?! (?:on|in|at"
            rf"|doing|lifting|if|when|by|falling|walking|carrying|gardening|moving|with|trying|reaching|bending|getting"
            rf"|shaving|chopping|cooking)\b)",
            rf"\b(?:been|keep|kept|started|start|am|im|was|ive been) (?:cutting|burning|scratching|hitting) {SELF}\b"
            r"(?! (?:on|in|shaving|chopping|cooking|by accident)\b)",
            rf"\b(?:cut|cutting|hurt|hurting|burnt|burned|burning) {SELF} (?:again|on purpose|deliberately)\b(?! (?:on"
            rf"|in"
            r"|doing|lifting|gardening)\b)",
            r"\b(?:cut|cutting|cuts on|cutting up) (?:my|her|his) (?:arms?|legs?|thighs?)\b(?! (?:on|in|at|doing"
            r"|with the"
            r"|open on|gardening|when|by)\b)",
            r"\bcutting (?:again|myself)\b",
            r"\b(?:cut|cutting|burnt|burned|burning|hit|hitting|scratched|scratching|punched|punching|bit|biting|banged"
            r"|banging|slammed|slamming|smashed|whacked|scalded|shut|trapped) (?:my"
            r"|myself"
            r"|me)\b(?: \w+){0,6} (?:on purpose|deliberately)\b",
            # Phase 2: the act described, not named.
            r"\b(?:punched|punching|punch|hit|hitting) (?:the|a) wall\b(?: \w+){0,3} (?:till|until) (?:my )?(?:knuckles"
            r"|hands?|fists?) (?:split|bled|bleed|bruised|cracked)\b",
            r"\b(?:dug|digging|dig) my (?:finger)?nails\b(?: \w+){0,4} (?:till|until) (?:they|it|i) (?:bled|bleed"
            r"|drew blood)\b",
            r"\b(?:pressing|pressed|stubbing|stubbed|putting|put|held|holding) (?:lit |a lit |the )?"
            r"(?:cigarettes?|fags?"
            r"|lighter|iron|hot knife)(?: \w+){0,2} (?:into|onto|on|against) my (?:arm|arms|leg|legs|thigh|thighs"
            r"|skin|hand|hands|wrist|wrists|stomach)\b",
            r"\b(?:hit|hitting|bashed|bashing|banging|banged|punched|punching) my (?:\w+ )?(?:knee|leg|legs|arm|arms"
            r"|head|hand|hands|hip|face|thigh)\b(?: \w+){0,6} (?:over and over|till it bled|until it bled|till it"
            r" bruised|till i bled)\b",
            r"\bkeep (?:banging|hitting|bashing) my head (?:on|against)\b",
            r"\b(?:blades?|razors?|cutting) again\b",
            r"\bcouldnt stop myself\b(?: \w+){0,3} (?:used|with|got) the (?:razor|blade|blades|knife)\b",
            # Phase 8 (blind G): the act told in passing, by when it happened.
            rf"\b(?:cut|burnt|burned|scratched) {SELF} (?:last night|this morning|this afternoon|tonight|today"
            r"|yesterday"
            r"|earlier|twice|again)\b(?! (?:\w+ ){0,4}(?:shaving|chopping|cooking|gardening|pruning|on the|with the"
            r" (?:bread|kitchen|veg)|by accident|making)\b)",
            r"\b(?:relapsed|slipped) (?:with|back to) the (?:razor|razors|blade|blades)\b",
            r"\bcutting (?:makes|made|helps|helped) me (?:feel )?(?:calmer|calm|better|numb|in control)\b",
        ),
        must_fire=(
            "banged my head on the wall on purpose till it bled",
            "slammed my hand in the drawer on purpose",
            "I've started self harming again",
            "feel like hurting myself",
            "been cutting myself",
            "I want to harm myself",
            "cut myself again last night",
            "I've been self-harming",
            "been cutting again, sorry",
            "hit myself on purpose till it bruised",
            "been burning my arm with the iron on purpose again",
            "punched the wall till my knuckles split",
            "dug my nails into my hands till they bled",
            "I've been pressing lit cigarettes into my thigh",
            "hit my bad knee with the rolling pin over and over",
            "relapsed. blades again",
            "cut myself this morning, first time in years",
            "relapsed with the blade tonight, sorry",
            "does anyone else find cutting makes me calmer",
        ),
        must_not_fire=(
            "banged my head on the cupboard door, ouch",
            "I hurt myself doing the hoovering",
            "I cut myself on a tin of beans",
            "I'm not going to hurt myself",
            "I'd never hurt myself, don't worry",
            "burnt myself on the oven, ouch",
            "keep hurting myself by doing too much, must pace",
            "banged my head on the cupboard door, ouch",
            "put the iron on my shirt and burnt it",
            "cut myself this morning shaving, bled everywhere",
            "burnt myself last night on the oven tray",
        ),
    ),
    Rule(
        id="concern.hopelessness",
        family="hopelessness",
        level=C,
        description="Hopelessness: no hope, no future, giving up, everything dark",
        patterns=(
            # Phase 3.
            r"\bpast (?:hoping|hope)\b",
            r"\b(?:dont|do not|cant) (?:believe|think) (?:anything|anyone|owt|any of it) (?:will|can|is going to|would)"
            r" (?:ever )?(?:help|change|make a difference|get better)\b",
            r"\b(?:feels? like|its|this is) the end of the road (?:to|for) me\b",
            r"\b(?:feel|feeling|felt|im|so|totally|completely|utterly) (?:so |really |totally |completely |utterly )?"
            r"hopeless\b(?! (?:at|with|when it comes)\b)",
            r"\bno hope\b(?! (?:of|for) (?:getting|finding|a|the|parking|seeing|winning|that)\b)",
            r"\blost (?:all )?hope\b",
            r"\bgiven up hope\b",
            r"\bno future\b",
            r"\b(?:cant|dont|cannot) see (?:a|any) (?:future|way out|way forward|light|end to (?:it|this|the pain))\b",
            r"\bno light at the end\b",
            r"\bwhats the point\b(?! (?:of|in) (?:going|booking|asking|the|a|having|coming|meeting|that|this)\b)",
            r"\b(?:feel like|want to|ready to|about to|might as well|going to|im|just) giv(?:e"
            r"|ing) up\b(?! (?:on )?(?:the"
            r" |my |this |that )?(?:diet|smoking|drinking|chocolate|crisps|sugar|car|job|work|allotment|choir|swimming"
            r"|gym"
            r"|driving|knitting|crossword|wine|booze|caffeine|dairy|meat|bread|biscuits|cake|for lent|lent|place|flat"
            r"|house|seat|room|spot|parking|bingo)\b)",
            r"\bgiv(?:e|ing|en) up on (?:everything|myself|me)\b",
            r"\b(?:wonder|wondering|wondered) what the point (?:is|of it all|of anything)\b",
            r"\bthe point of it all\b",
            r"\b(?:feel|feeling|felt|im|so) trapped\b",
            r"\bnobody (?:needs|wants|loves) me\b",
            r"\b(?:cant|dont) see the point (?:of|in) (?:anything|it all|life|trying|bothering|getting up)\b",
            r"\b(?:letting|let|let down) (?:everyone|everybody|you all|my family|them all|the family) down\b",
            r"\b(?:life|everything|things|nothing) (?:will never|is never going to|isnt ever going to|wont ever"
            r"|will ever"
            r"|is ever going to) (?:get|be) (?:any )?better\b",
            r"\b(?:dont|never|cant see|dont think|doubt)(?: \w+){0,3} (?:anything|things|life|it) (?:will"
            r"|is going to) ever"
            r" (?:get|be) better\b",
            r"\bno way out\b",
            r"\b(?:everything|life|it all) (?:feels|is|seems|looks) (?:so |really |completely |totally "
            r"|just )?(?:pointless"
            r"|hopeless|meaningless|bleak|black|dark|empty)\b",
            r"\b(?:im|been|mind|minds|head|heads|headspace|mentally|feeling|still|am) (?:is |s |really |still "
            r"|just )?(?:in"
            r"|into) (?:a |such a )?(?:really |very |so |pretty )?(?:dark|bad|black|low) (?:place|hole|space)\b",
            r"\bdark (?:thoughts|place|cloud)\b",
            r"\b(?:bad|horrible|awful|scary|frightening|silly|intrusive|black) thoughts\b",
            r"\b(?:feel|feeling|felt|im) (?:so |really |very |totally |completely |such )?(?:worthless|useless"
            r"|a failure"
            r"|like a failure|like a burden|a burden|pathetic|empty inside|dead inside)\b(?! (?:at|with"
            r"|when it comes)\b)",
            r"\b(?:a|such a) burden (?:to|on) (?:everyone|my family|them|you all|my husband|my wife|my kids|my children"
            r"|people)\b",
            r"\bfeel (?:so |completely |totally )?(?:empty|numb|nothing)\b(?! (?:down|in|on|from|at|all down|all over"
            r"|after|when)\b)",
            # Phase 2: hopelessness as weariness and a closed future.
            r"\bnothing (?:left )?to look forward to\b(?! (?:on|at|in|this|tonight|today|tomorrow|till|until"
            r"|apart|except|but)\b)",
            r"\bnothing left to lose\b",
            r"\b(?:nothings|nothing is|nothing) (?:ever )?(?:going to|gona|will ever|ever) (?:get|be)"
            r" (?:any )?better\b",
            r"\b(?:never|ever) (?:going to )?(?:feel|be) happy again\b",
            r"^pointless\b(?! (?:meeting|form|forms|exercise|question|queue)\b)",
            r"\bmight as well (?:stop pretending|give up|stop trying)\b",
            r"\bgiven up (?:all )?hope\b",
        ),
        must_fire=(
            "I'm past hoping anything will help",
            "I don't believe anything will help now",
            "feels like the end of the road for me",
            "I feel so hopeless",
            "not sleeping, everything is dark",
            "what's the point",
            "i feel like giving up",
            "lost all hope",
            "I'm in a really dark place",
            "I feel like such a burden to my family",
            "feel completely empty",
            "I wonder what the point is",
            "feel so trapped",
            "nobody wants me",
            "don't think anything will ever get better",
            "everything is just black",
            "can't see the point of trying",
            "I keep letting everyone down",
            "nothing left to lose and nothing to look forward to",
            "nothings ever going to get better is it",
            "I'll never be happy again",
            "Pointless. All of it.",
        ),
        must_not_fire=(
            "we reached the end of the road for the walk and turned back",
            "I'm hopeless at knitting",
            "no hope of getting a seat on that bus",
            "I'm giving up chocolate for lent",
            "my leg feels numb down the side",
            "I'm not giving up, the group helps so much",
            "what's the point of going if it's cancelled",
            "parked in a bad place and got a ticket",
            "nothing to look forward to on telly tonight, might read",
        ),
    ),
    Rule(
        id="concern.not_coping",
        family="cant_cope",
        level=C,
        description="Not coping: really struggling, overwhelmed, at breaking point",
        patterns=(
            r"\b(?:cant|couldnt|not|no longer|unable to) cop(?:e|ing)\b(?! with (?:the )?(?:heat|cold|stairs|noise"
            r"|crowds|weather|hills|queues?|traffic|wind|snow)\b)",
            r"\breally struggling\b(?! (?:with|to|up|on) (?:the |my |this |these |that )?(?:stairs|steps|walking|walk"
            r"|knee|knees|hip|hips|back|neck|shoulder|shoulders|feet|legs|hands|heat|cold|weather|hills?|sleep|zoom|app"
            r"|website|link|phone|computer|parking|bus|buses|jars|lids|form|forms)\b)",
            r"\bstruggling (?:really |so |very )?(?:much|badly|a lot|mentally|emotionally|to cope|with everything"
            r"|with life"
            r"|with my mood|with my mental health|with my head|to keep going|to keep my head above water"
            r"|to get out of bed"
            r"|to see the point|in my head)\b",
            r"\b(?:im|really|so|been) struggling$",
            r"\b(?:at|reached) (?:the )?end of my (?:tether|rope)\b",
            r"\bat my wits end\b",
            r"\b(?:im|life is|everything is|my life is|i feel like im|feel like im) (?:just )?(?:falling"
            r"|fallen) apart\b",
            r"\b(?:cant|couldnt) stop crying\b",
            r"\b(?:cry|crying|cried) (?:all|every) (?:the time|day|night|morning)\b",
            r"\bmental health (?:is|has been|s|s been) (?:really |so |very )?(?:awful|terrible|bad|poor|suffering"
            r"|in pieces"
            r"|shot|rubbish|at rock bottom)\b",
            r"\b(?:in tears|crying) (?:all|every|again|most)\b",
            r"\b(?:keep|been|kept) crying\b",
            r"\bcry(?:ing)? myself to sleep\b",
            r"\b(?:nervous|mental) breakdown\b",
            r"\bbreaking point\b",
            r"\bhanging on by a thread\b",
            r"\bcant take (?:it|this|anymore|much more|no more)\b(?! (?:out|off|in|back|with|to|down|up|home)\b)",
            r"\boverwhelmed\b",
            r"\b(?:im|feel like im|feels like im) drowning\b(?! in (?:paperwork|forms|washing|ironing|emails)\b)",
            r"\b(?:im|im really|really|just) not (?:ok|okay|alright|coping|myself)\b(?! (?:with|about|for|to|if)\b)",
            r"\bpanic attacks?\b",
            r"\b(?:cant|couldnt) (?:face|handle) (?:another day|anything|anyone|life|tomorrow|the world|people)\b",
            r"\bdont know (?:what to do|how much longer i can|how to carry on|how to go on|how to keep going)\b(?!"
            r" (?:about|with|for|re) )",
            r"\b(?:ive|i|just|really) had enough(?: now)?$",
            r"\bhad enough of (?:everything|it all|people|myself)\b",
            r"\b(?:please|someone) (?:just )?kill me\b",
            r"\b(?:^|i |ive |just |im |nearly |almost |been )(?:had|having|have|had another) a (?:bit of a |mini "
            r"|little"
            r" |complete |total |proper )?breakdown\b",
            r"\bhow much (?:more|longer) i can (?:take|stand|cope with|bear)\b",
            r"\b(?:its|it is|everything is|life is) all (?:just )?(?:too much|getting too much)\b",
            r"\ball getting too much\b",
            r"\b(?:everything|it all|life|things) (?:is |s |feels "
            r"|feels like )?(?:just )?(?:getting )?(?:all )?too much"
            r"(?: effort)?\b(?! (?:for|to)\b)",
            rf"\b{CANT} do it (?:anymore|no more|any longer)\b",
            # Phase 12: "not" is required ("I'm doing well now" matched before, as "(?:not )?" was optional).
            r"\bnot doing (?:so |very |too )?well\b(?! (?:at (?!all\b)|with|on|in)\b)",
            r"\banxiety (?:is|has been|s|s been) (?:through the roof|awful|terrible|so bad|really bad|out of control"
            r"|bad)\b",
            r"\b(?:cant|couldnt) stop (?:shaking|panicking|being sick with nerves)\b",
            r"\brock bottom\b",
            r"\bnot in a good (?:way|place)\b",
            r"\b(?:scared|frightened|afraid|terrified) of (?:my own thoughts|my thoughts)\b",
        ),
        must_fire=(
            "really struggling today",
            "I can't cope",
            "not coping at all",
            "at the end of my tether",
            "cant stop crying",
            "I'm not ok",
            "cant take it anymore",
            "I've had enough",
            "im struggling",
            "had a bit of a breakdown at the shops",
            "it's all getting too much",
            "not in a good way tonight",
            "everything is just too much",
            "i'm not doing well at all",
            "my anxiety has been awful",
            "I cry every day",
            "my mental health has been terrible",
        ),
        must_not_fire=(
            "really struggling with the stairs this week",
            "I can't cope with the heat",
            "I'm not ok with Tuesday, can we do Wednesday",
            "my shoes are falling apart lol",
            "I've had enough of this rain",
            "laughed till I cried",
            "cant take it back to the shop without a receipt",
            "it's too much for me to walk there",
            "I'm doing well with the pacing",
            "I'm doing well now, thanks all",
        ),
    ),
    Rule(
        id="concern.low_mood",
        family="cant_cope",
        level=C,
        description="Low mood: depressed, desperate, very low",
        patterns=(
            r"\b(?:feel|feeling|felt|im|been|so|really) (?:so |really |very |extremely |incredibly |terribly |awfully "
            r"|totally |completely )?(?:depressed|desperate)\b(?! (?:for|to)\b)",
            r"\b(?:feel|feeling|felt|im|been) (?:so|really|very|extremely|incredibly|terribly|awfully|totally"
            r"|completely) (?:low|down|miserable|broken|lost|wretched)\b(?! (?:the|on|in)\b)",
            r"\blow mood\b",
            r"\bdepression (?:is|has|s) (?:back|bad|awful|worse|getting)\b",
            r"\b(?:so|really|very|pretty|feeling) low$",
            r"\b(?:really|so|very|extremely|awfully) (?:really |so )?(?:low|down)\b(?! (?:the|on|in|to|at|here|there"
            r"|stairs"
            r"|road|street|hill|from|below)\b)",
            r"\b(?:really |so |very )?anxious (?:all the time|constantly|every day|all day|all night)\b",
            r"\bcant switch (?:off|my (?:head|mind|brain) off)\b",
            r"\b(?:dont|not) feel(?:ing)? like myself\b",
            r"\bnot feeling myself\b",
            r"\bhate (?:myself|my life)\b",
            r"\bmy depression\b",
            r"\bdont (?:want to|wana) (?:get out of bed|see anyone|talk to anyone|leave the house)\b",
        ),
        must_fire=(
            "feeling really low",
            "I'm so depressed",
            "feel desperate",
            "my depression is back",
            "don't want to get out of bed",
            "I hate myself",
            "don't feel like myself lately",
            "so down today",
            "anxious all the time",
        ),
        must_not_fire=(
            "desperate for a cuppa",
            "feeling a bit down about the weather",
            "the weather's so depressing",
            "I fell down the stairs",
            "so down the road from me",
        ),
    ),
    Rule(
        id="concern.isolation",
        family="isolation",
        level=C,
        description="Isolation and loneliness",
        patterns=(
            r"\b(?:so|very|really|feel|feeling|felt|im|been|get|gets|getting|terribly|incredibly) (?:so |very |really "
            r"|terribly |incredibly )?(?:lonely|isolated)\b",
            r"\b(?:feel|feeling|felt|im) (?:so |completely |totally |all |very )?alone\b(?! (?:at|in the)\b)",
            r"\bhavent been out (?:in|for) (?:weeks|days|ages|months)\b",
            r"\bdont see (?:anyone|a soul|anybody)\b",
            r"\bnobody (?:would|will|wil) (?:even )?(?:care|notice)\b",
            r"\bnobody (?:cares|understands|ever (?:calls|rings|visits|comes)|to talk to|talks to me|visits"
            r"|to turn to)\b",
            r"\bhavent (?:left|been out of|set foot outside) the (?:house|flat|bed)\b",
            r"\b(?:havent|not) (?:spoken|talked) to (?:anyone|a soul)\b",
            r"\b(?:havent|not) seen (?:anyone|a soul)\b",
            r"\bcut off from (?:everyone|the world|people)\b",
            r"\bshut (?:myself|meself) (?:away|in)\b",
            r"\blonely\b",
            r"\b(?:scared|frightened|afraid|terrified|dont want) (?:of being|to be) (?:on my own|alone|by myself)\b",
            # Phase 2: isolation described rather than named.
            r"\bjust to hear (?:somebody|someone|a human|another person|a friendly|a real)(?:s)? ?(?:voice|person)?\b",
            r"\b(?:phone|doorbell) that never rings\b",
            r"\b(?:phone|doorbell) never (?:rings|goes) (?:anymore|these days|now|for me)\b",
            r"\b(?:not|havent|never) (?:seen|spoken to|talked to) a (?:single )?(?:soul|person|human being|human)\b",
            r"\b(?:youre|your|you are|you lot are|this group is|you lot|you) (?:honestly |literally |really "
            r"|all )?the only"
            r" (?:people|ones|friends|company|person) (?:ive got|i have|i talk to|i speak to|i see)\b",
            r"\bonly people i (?:speak|talk) to\b",
            r"\b(?:id|i would|i will|il) have nobody(?: at all)?\b",
            r"\b(?:go|come|going|coming) home to an empty (?:house|flat)\b",
            # Phase 3: isolation described.
            r"\b(?:nobody|nobodys|noone) (?:has )?(?:rung|rang|called|phoned|visited|been round|been to see me"
            r"|come round|been in touch)\b(?: me)?(?: \w+){0,3} (?:in|for) (?:\w+ )?(?:weeks|months|ages)\b",
            r"\b(?:been|its been|it is) (?:weeks|months|ages) since (?:anyone|anybody|somebody|someone|a soul)"
            r" (?:visited|came|come|rang|called|phoned|spoke|popped)\b",
            r"\b(?:dont|didnt|never|do not) (?:say|speak) (?:a|one) (?:single )?word (?:out loud|all day|to anyone|for"
            r" days)\b",
            r"\bno (?:mates|friends) left\b",
            r"\bdont know a (?:single )?soul\b",
            r"\b(?:talk|talking|speak|speaking) to the (?:telly|tv|radio|walls) (?:just )?(?:to|for|all|most|now)\b",
        ),
        must_fire=(
            "nobody has rung me in three weeks",
            "it's been weeks since anyone visited",
            "some days I don't say a single word out loud",
            "no mates left now",
            "moved here last year and I don't know a soul",
            "I talk to the telly just to hear a voice",
            "feeling so lonely",
            "I feel completely alone",
            "nobody cares",
            "havent left the house in two weeks",
            "haven't spoken to anyone since Sunday",
            "lonely again",
            "frightened of being on my own",
            "I rang the surgery just to hear somebody's voice",
            "an empty house and a phone that never rings",
            "you're honestly the only people I've got",
            "haven't been out for weeks",
            "feel like nobody would care",
        ),
        must_not_fire=(
            "nobody rang me back about the blue badge",
            "I didn't say a word at the meeting, too shy",
            "the new cafe knows everyone by name",
            "I like being alone in the garden, it's peaceful",
            "the phone never rings when the surgery says it will",
            "had a lovely walk with Jan",
        ),
    ),
    Rule(
        id="concern.worried_about_someone",
        family="concern_for_other",
        level=C,
        description="A member is worried about someone else: silence, a worrying message, not themselves",
        patterns=(
            r"\b(?:worried|worried sick|concerned|worrying) (?:about|for) (?:her|him|them|you|our friend|my friend|\w+"
            r" (?:she|he|shes|hes))\b",
            r"\b(?:havent|not|nobody has|nobody|none of us have|none of us|not had) (?:heard|had (?:a )?(?:reply|word"
            r"|text|message)) (?:anything )?(?:from|off) (?!(?:the|a|an|my|our|your|their|back|hospital|gp|doctor"
            r"|council|surgery|venue|clinic|pain|nhs|consultant|physio|dentist|them about)\b)\w+",
            r"\b(?:shes|hes|she|he|they|theyve|she has|he has) (?:gone|been|went) (?:very |really |so |a bit |quite"
            r" |all )?(?:quiet|silent|awol|off the radar)\b",
            r"\b(?:shes|hes|she|he|they|theyre|she is|he is) not (?:answering|replying|responding|picking up)\b",
            r"\b(?:her|his|their) phone (?:is )?(?:off|going (?:straight )?to (?:voicemail|answerphone))\b",
            r"\b(?:has|is) anyone (?:heard from|heard anything from|spoken to|talked to|been in touch with|seen"
            r"|checked on"
            r"|checked in on|checked in with) (?!(?:the|a|an|about|back|my|your|our|this|that|any)\b)\w+",
            r"\b(?:shes|hes|she|he|she has|he has|she hasnt|he hasnt|she wasnt|he wasnt) (?:not )?(?:been |seemed"
            r" |sounded )?(?:herself|himself)\b",
            r"\b(?:she|he|they) (?:seems|seemed|sounds|sounded|is|was|has been|been|s) (?:really |very |so |quite )?"
            r"(?:low|desperate|depressed|in a bad way|in a state|awful|terrible|dreadful|not right|flat|upset)\b",
            r"\b(?:worrying|concerning|scary|frightening) (?:message|post|text|thing to say|things)\b",
            r"\b(?:posted|said|wrote|sent|texted|put) something (?:really |very |quite )?(?:worrying|scary|strange|odd"
            r"|concerning|dark|upsetting)\b",
            r"\bdone (?:something|anything) (?:silly|stupid)\b",
            r"\b(?:please |pls )?(?:dont|do not) do anything (?:silly|stupid)\b",
            r"\b(?:check|checking) (?:on|in on|up on) (?:her|him|them)\b",
            r"\b(?:didnt|doesnt|did not|does not) (?:sound|seem|look|read) like (?:her|him)(?:self)?\b",
            r"\b(?:thats|its|not) (?:not )?like (?:her|him)\b(?! (?:to (?:be|bring|come) (?:early|on time)))",
            r"\b(?:not|hasnt|havent|hasn t) (?:answered|replied to|returned|read) (?:any of )?(?:our|my|the"
            r"|any)? ?(?:texts"
            r"|calls|messages)\b",
            r"\b(?:shed|hed|she had|he had|she has|he has|shes|hes|theyd|theyve) (?:just )?had enough\b",
        ),
        must_fire=(
            "haven't heard from Sue in days, she said she couldn't go on",
            "really worried about her",
            "she's gone very quiet on the group",
            "has anyone heard from Mary?",
            "has she done anything silly?",
            "please don't do anything silly",
            "he hasn't been himself lately",
            "she wrote something really dark on facebook",
            "he sounded terrible on the phone",
            "not like him to go quiet",
            "he said he'd had enough",
        ),
        must_not_fire=(
            "not heard from the hospital about my scan",
            "has anyone heard from the venue about the booking",
            "has anyone seen my glasses, left them Thursday",
            "I did something silly and locked myself out",
        ),
        third_party="keep",
    ),
    Rule(
        id="concern.asks_for_help",
        family="cant_cope",
        level=C,
        description="Asks for someone to talk to or for the pain service to get in touch",
        patterns=(
            r"\b(?:someone|anyone|a professional|a counsellor) (?:i can|i could|to) (?:talk|speak) to\b",
            r"\b(?:need|want|like|could|can|would like) (?:to )?(?:talk|speak) to (?:someone|a counsellor)\b",
            r"\b(?:can|could|would|will) (?:someone|anyone) (?:from|at) (?:the )?(?:clinic|pain service|pain team"
            r"|service"
            r"|hospital) (?:call|ring|phone|contact) me\b",
            r"\bplease help me$",
            r"\b(?:can|could|would|will) (?:someone|anyone)(?: \w+){0,4} (?:from|at) (?:the )?(?:clinic|pain service"
            r"|pain team"
            r"|service|hospital)(?: \w+){0,2} (?:call|ring|phone|contact|give me a (?:call|ring))\b",
        ),
        must_fire=(
            "I need to talk to someone",
            "could someone from the pain team ring me please",
            "please help me",
            "could someone at the clinic please give me a ring",
            "is there anyone I could speak to",
        ),
        must_not_fire=(
            "please help me with the zoom link",
            "can someone ring the venue to check the room",
        ),
        past=False,
    ),
    Rule(
        id="concern.suicide_mention",
        family="past_ideation",
        level=C,
        description="Mentions suicide or self-harm, or someone taking their own life",
        patterns=(
            r"\bsuicide\b",
            r"\b(?:took|taken|take|taking) (?:her|his|their) own life\b",
        ),
        must_fire=(
            "my brother took his own life five years ago today",
            "I've been reading about suicide",
        ),
        must_not_fire=(
            "that new road layout is a suicide mission",
            "suicide prevention training at the library",
        ),
        third_party="keep",
        past=False,
    ),
    Rule(
        id="concern.warning_signs",
        family="preparatory_acts",
        level=C,
        description="Warning signs: putting affairs in order, giving things away, apologising for everything",
        patterns=(
            r"\b(?:putting|put|getting|sorting|got) (?:all )?my affairs in order\b",
            r"\b(?:given|giving|give) away (?:all )?(?:my|her|his) (?:things|stuff|belongings|possessions|pets)\b",
            r"\bsorry for everything\b",
            r"\bsorry for being (?:such )?a burden\b",
            r"\bgoodbye (?:everyone|all|you all|my friends|friends)\b",
            r"\b(?:do|doing) (?:something|anything) (?:silly|stupid)\b",
        ),
        must_fire=(
            "I've been putting my affairs in order",
            "sorry for everything",
            "goodbye everyone",
            "scared I'll do something silly",
        ),
        must_not_fire=(
            "sorry I missed Thursday",
            "I did something silly and locked myself out",
            "goodbye everyone, we're moving to Devon next week",
        ),
        dampeners=GOODBYE_DAMPENERS,
    ),
    # Issue 14, phase 2: the indirect shapes blind portion A showed (ADR 0010, "blind spots"), each
    # written as a kind of wording with its own examples, not as the missed messages themselves.
    Rule(
        id="urgent.preparing",
        family="preparatory_acts",
        level=U,
        description="Preparing to die: tablets put aside or counted, affairs settled, goodbye cards, places looked up",
        patterns=(
            rf"\b(?:putting|put|kept|keeping|hiding|hid|stashing|stashed|squirrelling|squirreling)(?: \w+){{0,4}}"
            rf" {MEDS} (?:aside|away|back|by)\b(?: \w+){{0,4}} (?:instead of|just in case|in case|for (?:when|later"
            rf"|the end|one day))\b",
            r"\b(?:counted|counting|count) (?:them|my tablets|my pills|the tablets|the pills|what ive got)\b"
            r"(?: \w+){0,6} (?:enough|would do|will do|to be sure)\b",
            r"\bgoodbye (?:cards|messages|videos|texts|notes)\b",
            r"\b(?:passwords|pin numbers|bank (?:stuff|details|cards|books))\b(?: \w+){0,6} (?:envelope|to find|for"
            r" (?:our|my) \w+)\b(?! in case (?:im|i am|i get|i end up)\b(?! (?:not|gone|dead|no)\b))",
            r"\b(?:everything|everythings|affairs|my affairs|it all) (?:is |are |s )?(?:in order|sorted|settled) now\b",
            r"\b(?:sorted|sorting|made|updated|written) (?:out )?(?:the|my) will\b(?: \w+){0,6} (?:found|home|homes"
            r"|cancelled|given|gave|goodbye|letters)\b",
            r"\b(?:found|finding|find) (?:a )?(?:good |new |loving )?homes? for (?:the |my )?\w+\b(?: \w+){0,6}"
            r" (?:will|lighter|peaceful|sorted|in order|goodbye)\b",
            r"\bwhile i (?:still )?(?:can|could) (?:still )?(?:see|watch) (?:her|his|their) face\b",
            r"\b(?:looked|looking|look|searched|searching|googled|googling) (?:up )?(?:which|what|the) (?:bridges"
            r"|bridge|car parks|cliffs|buildings)\b(?: \w+){0,6} (?:fences|fencing|railings|barriers|nets|highest"
            r"|drop)\b",
            r"\b(?:work|working|worked) out the (?:drop|height|fall)\b",
            rf"\bhow (?:many|much) (?:of )?(?:(?:my |the |them |these )?{MEDS} )?(?:it would take|would it take"
            rf"|would i need|would do it|would be fatal|would kill)\b",
            r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b",
            # Phase 3 (blind B's shapes): tablets kept instead of taken; affairs settled as chores.
            rf"\b(?:putting|put|keeping|kept|saving|saved) (?:them|my {MEDS}|me {MEDS}) (?:in|into) (?:a|an|the|an old"
            rf"|my|me) (?:\w+ )?(?:jar|tin|tub|envelope|sock|box|drawer|bag|pot)\b(?: \w+){{0,3}} instead\b",
            rf"\b(?:saving|saved|hoarding|hoarded|stockpiling|stockpiled|keeping|kept)(?: up)? (?:my|me|all my|all me)"
            rf" {MEDS}\b(?: \w+){{0,4}} (?:instead of|rather than) (?:taking|swallowing)\b",
            r"\b(?:got|had|have) (?:the|my) will (?:sorted|done|signed|written|finished)\b(?: \w+){0,8} (?:found|home"
            r"|homes|rehomed|cancelled|given|gave|goodbye|letters)\b",
            r"\b(?:paid off|cleared|settled) (?:my|all my|me|the|all me) (?:\w+ ){0,3}debts?\b(?: \w+){0,12}"
            r" (?:cancelled|wrote|written|letters?|goodbye|will|passwords)\b",
            r"\b(?:left|written|wrote|put) (?:down )?(?:instructions|what i want|my wishes) for (?:my|the) funeral\b"
            r"(?: \w+){0,10} (?:who gets|tidy|sorted|no fuss|in order)\b",
        ),
        must_fire=(
            "kept my gabapentin in an old tin instead, got loads now",
            "been stockpiling my tramadol rather than taking it",
            "had the will signed on Monday and found a home for the rabbit",
            "paid off all my debts and cancelled the phone, wrote to my brother",
            "left instructions for my funeral with the neighbour, all tidy now",
            "been putting a couple of my tablets aside every day instead of taking them",
            "I've counted them twice, that's enough isn't it",
            "spent the afternoon writing goodbye cards",
            "put the passwords in an envelope for our Gemma",
            "everything's in order now",
            "gave my ring to my niece while I can still see her face",
            "looked up which bridges haven't got the fences on",
            "I work out the drop in my head every time",
            "been reading how many co-codamol it would take",
            "what's a lethal dose of amitriptyline",
        ),
        must_not_fire=(
            "put my tablets in the dosette box for the week",
            "saving my pennies in a jar instead of the bank",
            "paid off the car loan and cancelled the gym, feeling good",
            "got the will done, the solicitor says everyone over 60 should",
            "put my tablets away in the cupboard, out of reach of the grandkids",
            "counted my tablets for the week, all in the dosette",
            "is that enough for the raffle, isn't it",
            "the passwords for the zoom are in the email",
            "the kitchen is in order now, finally",
            "how many steps it would take to get to the shop",
            "found a good home for the old sofa",
            # Phase 16: passwords left for a spell in hospital.
            "left my passwords for my wife in case I'm kept in after the scan",
        ),
        third_party="keep",
    ),
    Rule(
        id="urgent.thoughts_indirect",
        family="active_thoughts",
        level=U,
        description="Thoughts of ending their life, in other words ('checking out for good', 'out of the picture')",
        patterns=(
            r"\b(?:check|checking|checked) out (?:for good|permanently|of life|early)\b",
            rf"\b(?:take|taking|took) {SELF} out of (?:the|this) (?:picture|equation|world)\b",
            r"\b(?:finish|end|ending|finishing) (?:my|her|his) (?:own )?life\b",
            r"\b(?:head|brain|mind|voice|voices) (?:keeps|keep|is|are|kept) (?:telling|saying|tell) (?:me )?to"
            r" (?:end it|do it|kill|jump|die|end things|finish it)\b",
            r"\b(?:cant|couldnt) stop thinking (?:about|of) (?:dying|death|being dead|ending it|killing)\b",
            r"\bthink(?:ing)? (?:about|of) (?:killing|ending) (?:myself|my life|it all|it)\b(?: \w+){0,3} (?:every"
            r" (?:day|night|single day)|all the time|constantly|again)\b",
        ),
        must_fire=(
            "thinking of checking out for good",
            "ive had enough, taking myself out of the picture",
            "every night I think how to finish my life",
            "my head keeps telling me to end it",
            "can't stop thinking about dying",
        ),
        must_not_fire=(
            "checked out of the hotel early, lovely stay",
            "she finished her life story book, beautiful",
            "can't stop thinking about the holiday",
            "I'm taking myself out of the raffle this year",
        ),
    ),
    Rule(
        id="concern.passive_wish",
        family="passive_wish",
        level=C,
        description="A passive wish to be dead: would not mind not waking up, hoping it ends",
        patterns=(
            r"\b(?:dont|wouldnt|didnt|wont|do not) (?:really |even )?(?:care|mind)(?: \w+){0,2} (?:if|whether)"
            r" (?:i|id) (?:die|died|didnt wake|dont wake|never wake|never woke|didnt come round|dont come round"
            r"|wasnt here|werent here|didnt make it)\b",
            r"\b(?:wake up|woke up|live|lived|live or die|lived or died) or not\b",
            r"\bif i (?:just )?(?:didnt|never|did not) (?:wake up|woke up|come round|wake)\b",
            r"\bwoke up wishing i (?:hadnt|didnt|had not)\b",
            # Phase 3.
            r"\bif (?:a|the) (?:bus|car|lorry|train|truck) (?:hit|hits|knocked|knocks|ran|runs|took|takes) me\b"
            r"(?: \w+){0,6} (?:relieved|glad|wouldnt mind|wouldnt care|thankful|grateful|a relief)\b",
            r"\b(?:hope|hoping|wish|wishing|pray|praying)\b(?: \w+){0,3} (?:my )?heart (?:would |will |to )?(?:just"
            r" )?stops?\b",
            r"\b(?:lord|god|jesus) (?:to )?(?:take|takes|took) me\b",
            r"\bready (?:for the end|to be taken)\b(?! of\b)",
            r"\b(?:wouldnt|would not|wont|not) put up (?:much of |any )?(?:a )?fight\b",
            r"\b(?:wish|wishing|hope|hoping)\b(?: \w+){0,6} (?:something terminal|an end date|a terminal)\b",
            r"\b(?:relieved|glad|hope|hoping) (?:it|this) (?:might|would|will) (?:finish me off|kill me|be the end"
            r" of me)\b",
            r"\bwouldnt be the worst thing if i\b",
        ),
        must_fire=(
            "if a bus hit me tomorrow I'd be relieved",
            "I wouldn't care if I didn't wake up",
            "dont care if i wake up or not these days",
            "wouldnt be the worst thing if i just didnt come round from the anaesthetic",
            "woke up wishing I hadn't",
            "half hoping my heart just stops",
            "I'm quite ready for the Lord to take me",
            "I just wouldn't put up much of a fight if something happened to me",
        ),
        must_not_fire=(
            "if a bus hit me I'd at least get a day off work lol",
            "I don't mind if I wake up early, I'm an early bird",
            "hope my heart rate comes down after the walk",
            "ready for the end of the week",
            "she put up a good fight with the council",
        ),
    ),
    Rule(
        id="concern.entrapment",
        family="entrapment",
        level=C,
        description="Feels trapped: no way out of the pain or the situation, living that is not living",
        patterns=(
            r"\b(?:this|living like this|it|that|life like this) (?:isnt|is not|aint|s not)"
            r" (?:really |proper )?living\b",
            r"\bnot (?:really )?living,? (?:just )?(?:existing|surviving)\b",
            r"\b(?:just )?(?:existing|surviving),? not living\b",
            r"^trapped\b",
            # Phase 3.
            r"\b(?:a )?prisoner (?:of|in) (?:this|my|me) (?:own )?(?:body|house|home|flat|bed|chair|pain|life)\b",
            r"\bno (?:getting away|escape|escaping|getting out) from (?:it|this|the pain)\b",
            r"\b(?:trapped|stuck|imprisoned|locked) (?:in|inside) (?:my own|this|my) (?:body|head|skin|life|flat"
            r"|house)\b",
            r"\bburied alive\b",
            r"\b(?:like a|a) caged animal\b",
            r"\b(?:same|my own|this|living|like a|is a|its a) prison\b"
            r"(?! (?:officer|officers|visit|visits|service|guard|guards)\b)",
            r"\b(?:a )?trap i (?:cant|couldnt|will never|ll never) (?:get|climb|escape|break) out of\b",
            r"\bevery door(?:s| is| has)? (?:shut|closed|been shut)\b",
            r"\b(?:cant|no way to|never) (?:get|climb|escape|break) out of (?:my own head|this body|my own body"
            r"|this life|this hole|this pain)\b",
            r"\bno escape\b(?! (?:from|for) (?:the )?(?:heat|rain|cold|noise|weather|tax|wasps|kids)\b)",
        ),
        must_fire=(
            "I'm a prisoner in my own body",
            "there's no escape from it, day or night",
            "living like this isn't really living",
            "trapped. can't work, can't leave the house",
            "it's like being buried alive in my own skin",
            "feel like a caged animal",
            "every day's the same prison",
            "my body is a trap I can't climb out of",
            "every door's shut on me",
        ),
        must_not_fire=(
            "the dog is a prisoner of the garden when it rains lol",
            "stuck in traffic for an hour",
            "the prison officers were lovely to my son",
            "no escape from the heat this week",
            "that's the life, this is living, sun and a cuppa",
        ),
    ),
    Rule(
        id="concern.burden",
        family="burdensomeness",
        level=C,
        description="Feels a burden: others would be happier or freer without them",
        patterns=(
            r"\b(?:everyone|everybody|they|theyd|my family|the kids|he|she|hed|shed|you all|people|my husband"
            r"|my wife) (?:would|d|will) be (?:so |much |a lot )?(?:happier|better|freer|relieved"
            r"|easier)\b(?: \w+){0,3}"
            r" if i (?:was|were|wasnt|werent|disappeared|went|vanished|left|was gone|wasnt around|just went)\b",
            r"\b(?:im|i am|feel|feel like|ive become|i have become|been) (?:just|nothing but|only|such) a (?:burden"
            r"|drain|millstone)\b",
            r"\b(?:ruining|dragging down|holding back|wrecking|spoiling) (?:their|his|her|everyones|my (?:husbands"
            r"|wifes|familys|kids|daughters|sons)) (?:lives|life)\b",
            r"\bfree (?:them|him|her|everyone|my family) (?:of me|from me|from looking after me)\b",
            # Phase 3 (blind B's shapes).
            r"\b(?:im|i am|feel like|i feel|feel) (?:\w+ )?(?:a )?waste of (?:space|oxygen|air)\b",
            r"\b(?:im|i am|feel|i feel) (?:\w+ )?(?:no use|no good|of no use|useless) to (?:anyone|anybody|man|nobody"
            r"|my family|them|everyone)\b",
            r"\b(?:deserves?|deserved) (?:so much |much |a lot )?better than (?:me|being stuck with me)\b",
            r"\b(?:hed|shed|theyd|he would|she would|they would|\w+ would|\w+d) be free(?:r)? (?:without me|if i)\b",
            r"\b(?:kinder|easier|better) (?:for|on) (?:everyone|everybody|them|all|my family|the family)\b(?: \w+){0,2}"
            r" if i (?:wasnt|werent|was not) (?:here|around)\b",
            r"\bif i (?:wasnt|werent|was not) (?:here|around)\b(?: \w+){0,4} (?:could|would|might)"
            r" (?:actually |finally )?(?:live|have) (?:her|his|their|a) (?:own |proper |real )?life\b",
            r"\b(?:a|just a|such a|like a) (?:burden|millstone|drain|dead weight) (?:on|to|round|around)"
            r" (?:my|me|everyone|everybody|them|their)\b",
        ),
        must_fire=(
            "I'm a waste of space",
            "I'm no use to anyone like this",
            "they deserve better than me",
            "my wife would be free without me",
            "it'd be kinder for everyone if I wasn't here",
            "if I wasn't around my son could have a proper life",
            "feel like a millstone round my family's necks",
            "everyone would be happier if I disappeared",
            "I'm just a burden now",
            "I'm ruining my husband's life",
        ),
        must_not_fire=(
            "the new manager is a waste of space",
            "this old phone is no use to anyone",
            "you deserve better than that landlord",
            "kinder for everyone if I bring biscuits",
            "everyone would be happier if I brought cake",
            "the paperwork is just a burden on the GP",
        ),
    ),
    # Phase 7 (issue 14, blind F studied): shapes F showed that no rule held. Written as shapes with
    # examples of our own (never F's sentences), each with examples that must not fire.
    Rule(
        id="urgent.drawn_to_the_drop",
        family="method",
        level=U,
        description="A height or a drop that draws them: thinking of being on top of it, of the drop, of how easy",
        patterns=(
            r"\b(?:all i (?:could|can) think (?:about|of) (?:was|is)|i (?:keep|kept) thinking (?:about|of)|cant stop"
            r" thinking (?:about|of)|now i think (?:about|of)) (?:the drop(?! (?:in|off|out|of)\b)"
            r"|the edge|the height|how easy|how quick"
            r"|being (?:on|at) (?:top of|the top of|the edge of) (?:it|the|that|a))\b",
            r"\b(?:think|thinking|thought) (?:about|of) (?:being|standing|stood)"
            r" (?:on|at) (?:top of|the top of|the edge"
            r" of) (?:it|the (?:bridge|car park|cliff|flats|multi storey|viaduct|tower))\b(?! (?:for|to take|with)\b)",
        ),
        must_fire=(
            "stood on the footbridge over the bypass and all I could think about was the drop",
            "I drive over the viaduct every day and I keep thinking about being on top of it instead",
        ),
        must_not_fire=(
            "all I could think about was the drop in my blood pressure",
            "thinking of being on top of the bridge for the fireworks",
            "all I can think about is the drop off at school",
        ),
    ),
    Rule(
        id="urgent.voice_telling_me",
        family="active_thoughts",
        level=U,
        description="A voice or thoughts telling them to kill themselves",
        patterns=(
            r"\b(?:voice|voices|something in my head|my head|thoughts?)(?: \w+)? (?:saying|telling me|tells me|keeps"
            r" saying|keeps telling me|says|said) (?:to )?(?:kill (?:yourself|myself)|end it|do it now|jump|just do it"
            r"|take (?:the lot|them all|all of them))\b",
        ),
        must_fire=(
            "that voice telling me to kill myself won't shut up tonight",
            "my head keeps saying just do it, take the lot",
        ),
        must_not_fire=("the sat nav voice saying turn left", "my head says tea, my heart says wine"),
    ),
    Rule(
        id="urgent.ending_it_decided",
        family="intent",
        level=U,
        description="Says they are ending it, or their mind is made up",
        patterns=(
            r"\b(?:im|i m|i am|ive decided im|decided im|going to be) (?:ending|endin) it\b"
            r"(?! (?:with|between|early|now at))",
            r"\b(?:made|make) (?:my|me) mind up\b(?: \w+){0,4} (?:ending it|end it|do it|going through with it"
            r"|no more|not be here|not going to be here)\b(?! (?:with|at|for|on)\b)",
        ),
        must_fire=(
            "mind's made up now, I'm ending it. sorry all",
            "made me mind up, gonna end it this week",
        ),
        must_not_fire=(
            "I'm ending it with Dave, he's useless",
            "made my mind up to end it with the gym membership",
        ),
        past=False,
    ),
    Rule(
        id="urgent.swallowed_the_lot",
        family="overdose_taken",
        level=U,
        description="Says they have swallowed all their tablets (an overdose taken: a medical emergency)",
        patterns=(
            r"\b(?:swallowed|swallowd|swallaed|swalled|necked) (?:the (?:lot|whole lot)|every last one|all of them"
            r"|them all|the full (?:box|packet|strip|bottle))\b"
            r"(?! of (?:washing|ironing|chores|shopping|cake|biscuits))",
        ),
        must_fire=(
            "swallowed the lot an hour ago. wanted to say thanks for everything",
            "necked them all with a bottle of vodka, don't worry about me",
        ),
        must_not_fire=(
            "the kids had the lot of biscuits before tea",
            "took the lot to the tip on Saturday",
        ),
        dampeners=(
            r"\b(?:tip|charity shop|recycling|car boot|bins?|kids|dog|biscuits|sweets|cake|chocolates?|pints?|beers?"
            r"|shots|drinks|dinner|sandwich(?:es)?)\b",
        ),
    ),
    Rule(
        id="urgent.day_told_by_occasion",
        family="plan_timeframe",
        level=U,
        description="A time to end their life told by a day or an occasion (after Christmas, on a birthday)",
        patterns=(
            r"\b(?:as good a day as any|a fitting day|the right day|a good day) to (?:finish it|end it|end it all"
            r"|end things|end my life|do it)\b",
            r"\b(?:get|got|getting|see|seen) (?:through|past|out of the way)\b(?: \w+){1,6}"
            r" (?:then|and then|after that)"
            r" (?:thats it for me|that s it for me|thats me done|that s me done|i m gone|im gone|i ll go|ill go"
            r"|i ll end it|ill end it|i ll finish it|ill finish it)$",
            r"^(?:after|once) (?:christmas|new year|easter|the wedding|the funeral|my birthday"
            r"|(?:my|our) (?:daughters|sons"
            r"|grandsons?|granddaughters?|grandkids|\w+s) (?:wedding|birthday|christening))(?: in \w+| on \w+)?"
            r" (?:i ll go|ill go|i will go|i ll end it|ill end it|i ll finish it|ill finish it|thats it for me"
            r"|that s it for me)$",
        ),
        must_fire=(
            "my anniversary is saturday. as good a day as any to end it",
            "i'll get through my son's birthday for the family then that's it for me",
            "after my granddaughter's christening in may I'll go.",
        ),
        must_not_fire=(
            "a good day to go to the coast, the sun's out",
            "get through this week then that's it for me with the overtime, off on holiday",
            "after christmas I'll go to the january sales",
            "once the wedding is over ill go back to the gym",
        ),
    ),
    Rule(
        id="urgent.that_is_the_day",
        family="plan_timeframe",
        level=U,
        description="A day set by an outcome: if the news is bad, that is the day",
        patterns=(
            r"\bif\b(?: \w+){1,10} (?:then )?(?:thats|that is|that ll be|thatll be|that will be) (?:the|my) day\b"
            r"(?! (?:made|sorted|complete|done|i (?:celebrate|book|start)|we (?:celebrate|book|go))\b)",
        ),
        must_fire=("seeing the surgeon on friday. if he says nothing more can be done thats the day",),
        must_not_fire=(
            "if my daughter phones on Sunday that's my day made",
            "that'll be the day, when the council fixes the road",
        ),
    ),
    Rule(
        id="concern.no_voice_no_soul",
        family="isolation",
        level=C,
        description="Days or weeks without seeing or hearing anyone; no one would notice",
        patterns=(
            r"\b(?:not|aint|havent|haven t|hasnt|not once) (?:seen|spoken to|talked to|heard) (?:a soul|a living soul"
            r"|another soul|anyone|anybody|another person|a single person|another human)(?: \w+)?"
            r" (?:in|for) (?:a|over a"
            r"|nearly a|two|three|four|five|six|seven|eight|nine|ten|\d+|weeks|days|a couple of)"
            r" ?(?:fortnight|week|weeks|days|month|months)?\b",
            r"\b(?:cant|cannot|can t) remember (?:the )?last time (?:someone|anyone|anybody|somebody|a person)"
            r" (?:said my name|spoke to me|called me|rang me|visited|knocked|hugged me|touched me)\b"
            r"(?! (?:right|properly|correctly|wrong)\b)",
            r"\bif (?:anything|something) happened to me\b(?: \w+){0,4} (?:hear|find out|know)\b(?: \w+){0,3}"
            r" (?:from|off) (?:the )?(?:council|police|neighbours?|landlord|papers?|coroner)\b",
        ),
        must_fire=(
            "aint seen a living soul for nine days now",
            "can't remember the last time anyone rang me",
            "if anything happened to me they'd find out from the landlord",
        ),
        must_not_fire=(
            "not seen anyone in a week since I got back from my holiday, lovely and quiet",
            "can't remember the last time someone said my name right at the surgery",
        ),
        third_party="keep",
        dampeners=(r"\b(?:holiday|hols|lovely|peace and quiet|bliss|quiet week|away|retreat)\b",),
    ),
    Rule(
        id="concern.would_not_mind_not_waking",
        family="passive_wish",
        level=C,
        description="Would not mind not coming round from an operation, or hopes bad news would end it all",
        patterns=(
            r"\b(?:dont|don t|didnt|never|not) (?:come round|come around|wake up|come out of it)\b(?: \w+){0,6}"
            r" (?:fine by me|fine with me|wouldnt mind|wouldnt care|not bothered|be a relief|be a blessing|so be it"
            r"|wouldnt be sorry)\b",
            r"\b(?:part of me )?(?:hopes?|hoping|praying) (?:the|my|that the|that my) (?:scan|results?|tests?|biopsy"
            r"|op|operation)(?: \w+){0,3} (?:comes? back bad|is bad|are bad|goes wrong|fails)\b",
        ),
        must_fire=(
            "if I don't come round from the anaesthetic that'd be fine by me",
            "part of me hopes the biopsy comes back bad so it's over",
        ),
        must_not_fire=(
            "if I don't wake up in time for the bus I'll be fine, there's another",
            "hoping the scan comes back clear",
        ),
        past=False,
    ),
    Rule(
        id="concern.member_last_goodbyes",
        family="concern_for_other",
        level=C,
        description="Worried about another member: goodbyes to everyone, 'my last group', 'not long for this world'",
        patterns=(
            r"\b(?:saying|said|say) goodbye to (?:everyone|everybody|all of us|us all)\b",
            r"\b(?:thisll|this ll|this will|that was|thatll|that ll) be (?:my|his|her) last (?:group|session|meeting"
            r"|post|class|call)\b",
            r"\b(?:keeps|kept|keep) (?:saying|sayin|telling (?:me|us))"
            r" (?:hes|shes|theyre|he is|she is|they are|hell|shell)"
            r" (?:not long for this world|not going to be (?:here|around)|wont be (?:here|around))\b",
        ),
        must_fire=(
            "was it me or was Pat saying goodbye to everyone after group? felt odd",
            "Graham said 'that'll be my last session' and hasn't posted since. should we tell someone",
            "my pal keeps telling me he's not long for this world and he isn't even poorly",
        ),
        must_not_fire=(
            "Jean was saying goodbye to everyone before her hip operation",
            "this will be my last session before the holiday",
        ),
        third_party="keep",
        dampeners=GOODBYE_DAMPENERS,
    ),
    Rule(
        id="concern.trapped_no_way",
        family="entrapment",
        level=C,
        description="Trapped: can't go forward and can't go back",
        patterns=(
            r"\b(?:cant|can t|cannot) (?:go|move) (?:forward|forwards|on)\b(?: \w+){0,2} (?:cant|can t|cannot|or) (?:go"
            r"|move) back\b",
            r"\b(?:caught|stuck|trapped) in a trap\b(?: \w+){0,2} (?:i am|im|me|of my own)\b",
        ),
        must_fire=("can't move forward, can't go back, just stuck like this", "stuck in a trap I am, no way out"),
        must_not_fire=("the fox got caught in a trap by the shed", "the queue's so long I can't go forward or back"),
        third_party="keep",
    ),
)

# Figures of speech set aside before the rules run (their words are replaced by a neutral token).
IDIOMS: tuple[Idiom, ...] = (
    Idiom(
        id="idiom.water_bottle",
        description="A hot-water bottle or a baby's bottle: not alcohol (phase 11, blind J's everyday talk)",
        patterns=(r"\bhot water bottles?\b", r"\bbaby(?:s)? bottles?\b"),
        examples=("my cat has pinched my hot water bottle again", "warming the baby's bottle for my granddaughter"),
        # Never beside medicines, drink, or a burn: "pressing the hot water bottle on my arm on purpose" is self-harm.
        unless=rf"\b(?:{MEDS}|took|taken|swallowed|overdose|od|odd|drink|drinking|drunk|vodka|wine|whisky|gin"
        r"|on purpose|deliberately|blisters?|blistered|burn|burns|burnt|burned|burning|scald|scalded|scalding"
        r"|pressing|pressed|hold|held|holding)\b",
    ),
    Idiom(
        id="idiom.after_me",
        description="Passing something on: 'anyone want it after me?' (phase 11, not a time to act)",
        patterns=(
            r"\b(?:want|wants|have|borrow|read|like|fancy|need|use) (?:it|them|this|that|a go|a read|a lend|a loan)"
            r" (?:after|when) (?:me|im done|ive finished|im finished|i finish|ive done)\b",
        ),
        examples=("great book, anyone want to borrow it after me?", "you can have it when im done with it"),
        unless=r"\b(?:tablets|pills|meds|rope|note|letter)\b",
    ),
    Idiom(
        id="idiom.killing_me",
        description="Pain or a task 'killing me' / 'will kill me'",
        patterns=(
            r"\bkill(?:ing|s|ed) me\b",
            r"\b(?:will|would|wil|gona|going to|could|might|nearly|almost|literally|totally) kill me\b",
            # Phase 16: a body part or the weather "trying to kill me".
            r"\b(?:back|backs|knees?|hips?|neck|shoulders?|joints?|body|legs?|feet|pain|damp|weather|cold|heat|stairs)"
            r"(?: \w+){0,3} (?:trying|tried|tries|out) to kill me\b",
        ),
        examples=(
            "this pain is killing me",
            "my back is killing me today",
            "that joke killed me",
            "those stairs will kill me",
            "my husband would kill me if he saw the bill",
            "my knees have been trying to kill me since the frost",
        ),
        unless=r"\b(?:wish|want|wants|wanted|hope|hoping|pray|praying|begging|asking)\b(?: \w+){0,3} (?:would |to |will"
        r" |could )?(?:just )?kill me\b",
    ),
    Idiom(
        id="idiom.kill_for",
        description="'I'd kill for a coffee'",
        patterns=(r"\bkill for (?:a|an|some|one|the|that|those|my|decent)\b", r"\bwould kill for\b"),
        examples=("I'd kill for a coffee", "could kill for a bacon sandwich"),
    ),
    Idiom(
        id="idiom.murder",
        description="'I could murder a cuppa', 'the hill was murder'",
        patterns=(
            r"\b(?:could|would|can|id|gona|going to) (?:murder|demolish) (?:a|an|some|the)\b",
            r"\bmurder on (?:my|the|your)\b",
            r"\b(?:is|was|its|s|be|are|absolute|bloody|sheer) murder\b",
            r"\bget(?:ting)? away with murder\b",
            r"\bmurder mystery\b",
            r"\bscream(?:ing)? blue murder\b",
        ),
        examples=("I could murder a cuppa", "the stairs are murder on my knees", "that hill was absolute murder"),
    ),
    Idiom(
        id="idiom.dying_to",
        description="'dying to see you', 'dying for a brew', 'to die for'",
        patterns=(r"\bdying (?:to|for)\b", r"\bto die for\b"),
        examples=("dying to see you all", "I'm dying for a cup of tea", "that cake was to die for"),
    ),
    Idiom(
        id="idiom.died_laughing",
        description="Dying of laughter, embarrassment, boredom; 'I nearly died'",
        patterns=(
            r"\b(?:died|dying|die|dead|killed myself|killing myself|wet myself) (?:of |from |with )?(?:laughing"
            r"|laughter)\b",
            r"\b(?:die|died|dying|dies) (?:of|from|with) (?:embarrassment|shame|boredom|thirst|hunger|the heat|heat"
            r"|curiosity|fright|shock|cold|the cold|envy|jealousy)\b",
            r"\b(?:could have|could of|couldve|nearly|almost|practically|literally) died\b",
            r"\bdied and gone to heaven\b",
        ),
        examples=(
            "I could have died laughing",
            "I nearly died when I saw the price",
            "wanted to die of embarrassment",
            "we were dying laughing",
        ),
    ),
    Idiom(
        id="idiom.dead_as_intensifier",
        description="'dead tired', 'dead on my feet', 'my leg's gone dead'",
        patterns=(
            r"\bdead (?:tired|beat|on my feet|good|nice|easy|funny|proud|chuffed|lucky|busy|quiet|slow|hard|heavy|cold"
            r"|ringer|end|loss|set|against|certain|right|serious|keen|excited|sweet|lovely|posh|friendly|handy|useful"
            r"|cheap|close|near|on time|straight|still|bored|boring|jealous|worried|nervous|happy|pleased|sore|stiff"
            r"|achy|painful|exhausted|knackered|weird|strange|long|simple|hot|warm|comfy|comfortable)\b",
            r"\bdead to the world\b",
            r"\bover my dead body\b",
            r"\b(?:half|nearly|almost|practically) dead\b",
            r"\bdead ?head(?:ing|ed|s)?\b",
            r"\b(?:arm|leg|legs|arms|hand|hands|foot|feet|fingers|toes|bum) (?:is|are|went|gone|goes|felt|feels|feel"
            r"|has gone|have gone|s gone) (?:completely |totally )?dead\b",
        ),
        examples=("dead tired today", "I'm dead on my feet", "my leg's gone dead again", "I feel half dead"),
    ),
    Idiom(
        id="idiom.thing_died",
        description="A phone, car or plant that 'died'",
        patterns=(
            r"\b(?:phone|mobile|battery|car|laptop|tablet|ipad|kindle|telly|tv|boiler|fridge|freezer|washing machine"
            r"|hoover|printer|computer|charger|plant|tomatoes|tomato|roses|lawn|hearing aid|torch|van|engine|heating)s?"
            r"(?: (?:has|had|have|is|are|just|finally|totally|completely|s|went|gone|all|both|now|literally))* (?:died"
            r"|dead|dying)\b",
        ),
        examples=("my phone died halfway through", "the boiler's died again", "my tomatoes all died"),
    ),
    Idiom(
        id="idiom.shoot_me_now",
        description="Exasperation: 'shoot me now', 'kill me now'",
        patterns=(
            r"\b(?:just )?(?:shoot|kill) me now\b",
            r"\b(?:someone|please) (?:just )?shoot me\b",
            r"\bput me out of my misery\b",
        ),
        examples=("shoot me now, the bus is late", "kill me now, another form to fill in"),
    ),
    Idiom(
        id="idiom.to_death",
        description="'bored to death', 'the death of me', 'death warmed up'",
        patterns=(
            r"\b(?:bored|scared|frightened|worried|sick|tickled|loved|freezing|frozen|done|starving|talked|terrified"
            r"|fed up) (?:me )?to death\b",
            r"\b(?:look|looks|looked|feel|feels|felt|looking|feeling) like death(?: warmed up)?\b",
            r"\bdeath warmed up\b",
            r"\bthe death of me\b",
            r"\bdeaths door\b",
            r"\bdeath ?trap\b",
        ),
        examples=(
            "bored to death in the waiting room",
            "this weather will be the death of me",
            "I look like death warmed up",
        ),
    ),
    Idiom(
        id="idiom.overdoing_it",
        description="'killing myself trying to' keep up: overdoing it, not self-harm",
        patterns=(
            # Phase 11: "over", "for" and "at" only after "killing"/"killed": "I'll kill myself at the cottage" is a
            # plan (blind J), "I'm killing myself at work" is the idiom.
            r"\bkill(?:ing|ed)? myself (?:trying|to (?:get|finish|keep|make|do)|getting|doing|with (?:the|housework"
            r"|work"
            r"|gardening)|cleaning|hoovering|rushing|running)\b",
            # Never "over the weekend / Christmas", "for the insurance", "at the moment": times and reasons to act.
            r"\bkill(?:ing|ed) myself (?:over (?:it|this|that|nothing|the garden|the housework)|for (?:nothing"
            r"|peanuts|minimum wage)|at (?:work|the gym|the allotment|the office))\b",
            r"\b(?:nearly|almost) killed myself (?:on|falling|tripping|slipping|getting|when|in)\b",
        ),
        examples=(
            "I was killing myself trying to keep up with the housework",
            "nearly killed myself on the ice",
            "I'm killing myself at work for nothing",
        ),
    ),
    Idiom(
        id="idiom.accident",
        description="An accidental cut or burn, or 'cut myself some slack'",
        patterns=(
            r"\bcut myself (?:shaving|on|chopping|opening|slicing|peeling|with the|with a|in the kitchen|gardening"
            r"|doing)\b",
            r"\bcut myself some slack\b",
            r"\bburn(?:ed|t)? myself (?:on|with|cooking|making|taking)\b",
            r"\bshoot (?:myself|herself|himself) in the foot\b",
        ),
        examples=("cut myself chopping onions", "I need to cut myself some slack"),
    ),
    Idiom(
        id="idiom.suicide_phrase",
        description="'suicide mission', 'social suicide', 'suicide prevention'",
        patterns=(
            r"\bsuicide (?:mission|squad|run|doors|prevention|awareness|bomber|bombers)\b",
            r"\b(?:social|political|career|commercial|financial) suicide\b",
        ),
        examples=("crossing that road is a suicide mission",),
    ),
    Idiom(
        id="idiom.rather_die_than",
        description="'I'd rather die than ...' about something trivial",
        patterns=(
            r"\b(?:id|i would|would|id sooner) (?:rather|sooner) die than\b(?! (?:live|go on|carry on|wake up"
            r"|spend another"
            r"|face another|keep|be)\b)",
            # Phase 16: the same comparison with a leap ("I'd sooner jump off a cliff than sit in that queue").
            r"\b(?:id|i would|would|id sooner|id rather) (?:rather|sooner) (?:jump|throw myself) off (?:a|the) (?:cliff"
            r"|bridge|pier|roof)\b(?= than (?!(?:live|go on|carry on|wake up|spend another|face another|keep|be)\b))",
        ),
        examples=(
            "I'd rather die than go to that quiz again",
            "I'd sooner jump off a cliff than do another session on that bike at physio",
        ),
    ),
    Idiom(
        id="idiom.overdose_on_treats",
        description="'Overdosed on cake' and other treats",
        # Treats only: "took an overdose on Saturday" is not an idiom.
        patterns=(
            r"\boverdos(?:e|ed|es|ing) on (?:the )?(?:cake|cakes|chocolate|choc|sweets|biscuits|telly|tv|netflix|sugar"
            r"|crisps|caffeine|coffee|tea|christmas|box sets|sun|sunshine|carbs|food|mince pies|cheese|puzzles|crochet"
            r"|knitting|gardening|books|reading|quality street|roses|celebrations|cream|scones|baking|shopping)\b",
        ),
        examples=("I think I overdosed on cake at the party", "overdosing on telly this week"),
    ),
    Idiom(
        id="idiom.die_down",
        description="A flare-up or wind that 'dies down'",
        patterns=(r"\b(?:die|dies|died|dying) (?:down|off|out|back)\b",),
        examples=("waiting for the flare up to die down",),
    ),
)

# Context: how the words around a match change what it means. All are squeezed when compiled.
# A negation ending just before a match, with only these filler words in between, cancels it.
NEGATION = (
    r"(?:^| )(?:not|never|dont|wont|wouldnt|couldnt|isnt|arent|wasnt|werent|didnt|doesnt|shouldnt|nothing"
    r"|no (?:intention|intentions|plans?|way|longer|desire|wish|thoughts?|urge|need|chance))"
    r"(?: (?:going|to|gona|ever|really|actually|even|be|do|have|want|wanting|that|this|like|i|im|id|ive|il|feel"
    r"|feeling|planning|plan|plans|intend|intending|intention|of|about|thinking|think|would|will|wil|anything"
    r"|something|at|all|in|any|way|longer|a|the|ever|again|ok|so|tempted|try|trying|seriously|honestly|do|that|it"
    r"|saying|say|theres|there|they|theyd|everyone|is)){0,5} ?$"
)
# After a match: "killing myself is not an option".
NEGATION_AFTER = (
    r"^ (?:is |its |s |would |will |wil )?(?:never|not|isnt|wouldnt|wont) (?:be )?"
    r"(?:an option|the answer|happening|on the cards)\b"
)
# General advice or a question about people in general ("if anyone feels suicidal, call 116 123").
GENERAL = (
    r"\b(?:if|when|whenever) (?:anyone|someone|you|people|any of you|anyone here|a member|a friend|your friend)\b"
    r"|\b(?:anyone|people|those|someone|members) (?:who|that|whos)\b"
    r"|\b(?:programme|program|documentary|article|leaflet|training|podcast|film|book|campaign|charity|helpline|radio"
    r"|news|poster|website|information|signs|storyline|story|episode|soap|paper|piece)(?: \w+){0,4} (?:about|on|for|re"
    r"|regarding|of)\b|\bon the (?:news|telly|tv|radio)\b"
    # Phase 16 (R to U: a stranger's death read in the paper or heard about, rated urgent on "jumped from").
    r"|\b(?:read|heard|saw|seen) (?:in|on) (?:the|our|a) (?:paper|papers|local paper|news|local news|echo|facebook"
    r" group|town page)\b|\b(?:just |have |ive )?(?:heard|read) (?:that )?(?:a|an|some) (?:bloke|man|woman|lad|girl"
    r"|fella|person|teenager|young (?:man|woman|lad|girl|person)|lady|gentleman)\b"
)
# A distant-past telling, and words that bring it back to now.
PAST = (
    r"\b(?:used to|years ago|year ago|years back|back then|back in the day|back in \d+|there (?:was|were) (?:a time"
    r"|times|days|moments|periods|years|months|nights|evenings|mornings|spells)|at one (?:point|time|stage)"
    r"|at my (?:lowest|worst)|in the past"
    r"|long time ago"
    r"|long ago|those days|that was then|in (?:19|20)\d\d|when i (?:was|first|got) (?:first |younger|diagnosed|ill"
    r"|told)|when i first|i remember (?:when|feeling|thinking|wanting)|before (?:i|the) (?:did|joined|started|met"
    r"|found|course|programme|program|pmp|group|pain clinic|clinic|operation|op|surgery)"
    # Distant-past markers that recovery stories use (issue 14's training data).
    r"|(?:in|through|throughout|all through|during) my (?:late |early |mid )?(?:teens|twenties|thirties|forties"
    r"|fifties|20s|30s|40s|50s)|once upon a time"
    r"|when i was (?:\d+|young|younger|a teenager|a girl|a lad|a kid|at school)|as a teenager|decades ago"
    r"|(?:\d+|many|some|several) (?:years|decades) (?:since|back)|all those years|long behind me|far behind me"
    r"|going back a long way|another lifetime|ages ago|decades ago"
    # Phase 14 (blind M's recovery stories): "old me ... new me".
    r"|(?:the )?old me)\b"
)
# "Still here" and "still going" are recovery, not something coming back.
RECURRENCE = (
    r"\b(?:again|still(?! (?:here|go|going|alive|standing|around|breathing|kicking|have the scars|got the scars"
    r"|have scars|got scars|have a life|have pain|get pain|have the pain|got the pain"
    r"|got pain|got a life))|coming back|creeping back|its back"
    r"|back to (?:feeling|thinking|wanting)|returning|returned|starting to (?:feel|think)|lately|recently"
    r"|these days"
    # Phase 8 (blind G): a relapse told with the clean time before it ("after 2 yrs clean") is now, not recovery.
    r"|relapsed|relapse|slipped back|this morning|last night)\b"
)
# A distant past told as recovery and hope is not flagged at all (the taxonomy's recovery_story): the
# message tells of a distant past (DISTANT_PAST, anywhere in it) *and* of recovery (RESOLVED), and
# nothing brings it back (RECURRENCE) or speaks of intent or a time (RECOVERY_BLOCK). "I took an
# overdose in my twenties. I'm 67 now and I've had a good life since" is not flagged; "years ago I
# tried to end it and it's all coming back" still is.
DISTANT_PAST = (
    PAST[:-3] + r"|(?:19|20)\d\d|in the (?:60s|70s|80s|90s|sixties|seventies|eighties|nineties)"
    r"|in my (?:\d0s|late \d0s|early \d0s)|(?:\d+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen|twenty|thirty|forty|many|some|several|two|three|four|five|six|seven|eight|nine)"
    r" (?:years|year|yrs|decades)"
    r" (?:on|later|free|since|ago|back|clean|today)|long before|old story|a long time|a long way"
    r"|(?:over |more than )?a decade"
    r"|for (?:over |more than )?(?:\d+|ten|twenty|thirty|many) years)\b"
)
# "Never felt like that again", "haven't done it since": not something coming back.
NOT_AGAIN = r"\b(?:never|not|havent|hasnt|didnt|wont|hope i never)\b(?: \w+){0,5} (?:again|since)\b"
RESOLVED = (
    r"\b(?:glad|grateful|thankful|proud|better now|better place|different (?:person|place)|good life|got through"
    r"|came through|pulled through|gets better|got better|get better|it passed|it passes|passed|saved my life"
    r"|changed my life|turn(?:ed)? (?:it|my life|things) (?:around|round)|things turn|free of"
    r"|never (?:felt|looked back)|havent (?:had|felt|done)|behind me|recovered|recovery|survivor|never give up|hope"
    r"|can change|well now|the me of now|me now|me of today"
    r"|im well|content|happy|gift|best years|good years|memory|enjoying|loving|smile|lucky|milestone|now im|im now"
    r"|these days (?:my|im|i))\b"
    r"|\b(?:these days (?:my|im|i)|good now|lifes good|life is good|gratitude|got treated|got help|got me help"
    r"|treatment|thanks to|here now|laughing|laugh)\b"
    # Phase 3: recovery told in other words (the training sets' recovery stories the rules still flagged).
    r"|\b(?:not now|ok now|okay now|fine now|grand now|feel grand|happy most days|(?:gave|give|given) me (?:my )?life"
    r" back|found my way back|back on my feet|climbed out|have a life|got a life|im proof|im here|im still here"
    r"|now i (?:run|lead|help|volunteer|teach|walk|work)|now look at me|godsend|changed that|turn right round"
    r"|barely recognise|another lifetime|another life|clean of|yrs clean|years clean)\b"
    # Phase 7 (blind F's recovery stories, told to encourage others): recovery in members' own words.
    r"|\b(?:havent been back|not been back|never came back|got me (?:out|through)|worth it|worth living|celebration"
    r"|(?:lifes|life is) (?:different|canny|grand|great|better|good|worth)|i know (?:that|it|better) now"
    r"|anyone can|hang (?:on )?in there|im \d+ now|(?:best|luckiest) thing that ever happened)\b"
    # Phase 12 (blind K's short recovery stories told to encourage): stronger now, rebuilt, what it taught.
    r"|\b(?:(?:im|i am|i feel|feel|feeling) (?:so |so much |much |a lot |far )?stronger now|(?:ive|i have|i)"
    r" rebuilt (?:everything|my life|it all|things)|getting through (?:that|it|those years) (?:taught|showed) me)\b"
    # Phase 14 (blind L and M's recovery stories): free for years, it changes, the new me.
    r"|\b(?:(?:years|yrs) free|free now|(?:it|things|life) (?:does|do|can|will) change|it changes|new me)\b"
    # Phase 16 (R to U's recovery stories): a way through, it can stop, closer than ever, life's alright now.
    r"|\b(?:(?:there is|theres|there was) a way (?:through|out)|it (?:can|does|did) stop|closer than ever"
    r"|(?:lifes|life is|its|things are) (?:alright|manageable|ok|okay) now|for a (?:bit|little bit) of hope)\b"
)
# Phase 7 (blind F: past ideation rated urgent 0.87 of the time): thoughts of suicide told as a recent past
# (a month, a season, "a couple of months back") that has since eased are past ideation, a concern. Only
# thoughts: a rule of an act family (attempt, overdose, self-harm, preparatory acts, plan, method, someone
# else at risk) is never lowered this way, nor a match naming an act, so a recent attempt told in the past
# tense stays urgent; and nothing that brings it back now (worse, tonight, a plan) may be in the message.
RECENT_PAST = (
    r"\b(?:last (?:month|week|year|summer|winter|spring|autumn|christmas)|(?:a|one|two|three|few|a few|couple"
    r"|a couple|couple of|a couple of) (?:of )?(?:weeks|months|wks) (?:ago|back)|back in (?:the )?(?:summer|winter"
    r"|spring|autumn|january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|in (?:january|february|march|april|june|july|august|september|october|november|december)"
    r"|had a (?:spell|patch|time|period)|(?:rough|bad|dark|grim|low) (?:patch|spell)|since the (?:op|operation|surgery)"
    r"|over (?:christmas|the summer)|in the (?:summer|autumn|spring|winter))\b"
    # Phase 10 (phase 9's idea, blind H and I: past ideation rated urgent 0.67): a recent past told by a
    # festival, a season or a part of the year ("around Easter", "last autumn", "earlier this year", "in feb").
    r"|\b(?:(?:around|at|over|after|before|about|just after|just before|by|last) (?:easter|christmas|xmas|new year"
    r"|bonfire night|halloween|the holidays|the bank holiday)|last (?:easter|new year|xmas|bonfire night|halloween)"
    r"|(?:earlier|early|earlier on|at the start of|at the beginning of|in the early part of) (?:this|the) year"
    r"|(?:over|during|through|in|back in|around) the (?:late |early |back end of the )?(?:summer|autumn|spring|winter)"
    r"|(?:back )?in (?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|this time last year|a year since"
    r"|(?:some|few|a few|couple|a couple of|several) months (?:ago|back)|the back end of last year)\b"
)
EASED = (
    r"\b(?:it passed|they passed|passed|eased|easing|quieter|went away|gone away|better now|not so much now"
    r"|not as (?:bad|much)|not too bad today|mostly off|ok so far|okay so far|on and off|come and go|comes and goes"
    r"|not every day|havent completely gone)\b"
    # Phase 10: eased told in other words ("it's lifted", "gone now", "I'm alright now", "came through"); never
    # after "not" ("I'm not ok now" is now).
    r"|\b(?<!not )(?<!never )(?:gone now|(?:its|it has|its been|has) lifted|lifted now|(?:they|it|that|the thoughts"
    r"|those thoughts) (?:went|went away|have gone|has gone|are gone|is gone|faded|stopped)|(?:im|i am|i feel)"
    r" (?:ok|okay|alright|all right|fine|safe|better|grand|through it) now|(?:im|i am|im feeling|feeling) better"
    r"|came through|got through|pulled through|(?:im )?not (?:there|in that place|in that state|like that) now"
    r"|out the other side|(?:they|it|thoughts) settled|gone quiet|quietened)\b"
)
EASED_BLOCK = (
    r"\b(?:worse|stronger|louder|tonight|today i|going to|gona|planning|plan to|made a plan|got a plan|about to"
    r"|tomorrow|this weekend|back now|all the time now|every day now|cant stop)\b"
    # Phase 10: thoughts told as come back are now, not eased.
    r"|\b(?:(?:theyre|they are|its|it is|thoughts are|the thoughts are|its all) (?:back|coming back)"
    r"|(?<!if )(?:they|it|thoughts|the thoughts) (?:came back|returned|started again)|worse again)\b"
)
THOUGHT_FAMILIES = ("active_thoughts", "intent", "passive_wish", "hopelessness")
ACT_WORDS = (
    "tried try attempt attempted took take taking taken swallowed overdose od cut cutting jumped hanged hang"
    " tablets pills"
)
# What keeps a recovery story from being read as one: intent or a time to act.
RECOVERY_BLOCK = (
    r"\b(?:going to|gona|planning|plans to|plan to|about to|tonight|tomorrow|this weekend|has a plan|got a plan"
    r"|made a plan|again)\b"
)
PAST_VERBS = (
    "wanted",
    "was",
    "were",
    "felt",
    "didnt",
    "couldnt",
    "tried",
    "thought",
    "planned",
    "had",
    "used",
    "took",
    "saved",
    "attempted",
    "wished",
    "considered",
)
# Phase 12: words that tell a match as now ("I want to die", "I'm going to"), for a message that also tells a
# happier or recovered past: such a match is not a recovery story (engine._told_as_now).
PRESENT_WORDS = "want wants wanna going gonna im am cant will ill now tonight today"
# Phase 14: the recovery reading is per clause (engine._recovered_tellings). A clause with a past marker tells the
# past, and so does one with recovery words; else one with one of these words is told now; else one told in the
# past tense tells the past; any other clause goes with the clause before it (or after it, at the start). Clauses
# are split at these conjunctions.
# Not "want", "can't", "will", "have" (told in the past as often: "I didn't want to live", "I'd have been glad")
# nor "I've" (see engine._now_clause: only "I've got", "I've started", "I've been ...ing").
NOW_WORDS = "im am now tonight today gonna wanna going keep keeps keeping is are still"
CLAUSE_BREAKS = "but though although however except whereas"
# Who the words are about: the nearest of these before a match decides (the author by default).
PERSON_WORDS = {
    "first": "i im ive id ill me my myself mine",
    # Not "he'll": squeezed it is "hel", as in "it's been hell".
    "other": "she shes he hes they theyre theyve theyll shell shed hed her him his herself himself themselves them"
    " their you your yourself yourselves",
    # "thank you, I can't go on" is the author speaking, not someone addressed.
    "not_addressing": "thank love see miss bless",
    "other_in_match": "her his their them herself himself themselves themself yourself",
    "self_in_match": "i im me my myself",
    "people": "friend mate pal daughter son husband wife partner hubby mum mom mother dad father sister brother"
    " neighbour nan nanna gran grandad grandma granddaughter grandson niece nephew cousin auntie aunt uncle boyfriend"
    " girlfriend colleague member lady man woman bloke fella",
    "speech": "said says told tells posted texted messaged wrote mentioned saying telling",
}
# Reported about someone else, yet explicit intent or a time: stays urgent.
INTENT_OR_TIME = (
    r"\b(?:going to|gona|planning|plans to|plan to|about to|will|wil|tonight|today|tomorrow|this weekend"
    r"|has a plan|got a plan|made a plan)\b"
)


def fingerprint() -> str:
    """A short hash of everything that decides a result: every rule, idiom and context pattern, the
    taxonomy's families and concepts, the feature code's version and the learned layer's weights file
    (its bytes). It changes whenever the screen's behaviour data does."""
    import hashlib
    import json
    from dataclasses import asdict

    from .features import FEATURES_VERSION, GROUP_SCALE
    from .learned import LONG_SENTENCES, LONG_WORDS, PASSAGE, WEIGHTS
    from .taxonomy import CONCEPTS, FAMILIES

    weights = hashlib.sha256(WEIGHTS.read_bytes()).hexdigest() if WEIGHTS.exists() else "missing"

    data = {
        "rules": [asdict(rule) for rule in RULES],
        "idioms": [asdict(idiom) for idiom in IDIOMS],
        "context": [
            NEGATION,
            NEGATION_AFTER,
            GENERAL,
            PAST,
            RECURRENCE,
            DISTANT_PAST,
            RESOLVED,
            RECOVERY_BLOCK,
            NOT_AGAIN,
            list(PAST_VERBS),
            INTENT_OR_TIME,
            PERSON_WORDS,
            RECENT_PAST,
            EASED,
            EASED_BLOCK,
            list(THOUGHT_FAMILIES),
            ACT_WORDS,
            PRESENT_WORDS,
            NOW_WORDS,
            CLAUSE_BREAKS,
        ],
        "fragments": [SELF, OWN_LIFE, CANT, MEDS, NOT_LIFE, GOODBYE_DAMPENERS],
        "taxonomy": [[asdict(family) for family in FAMILIES], [asdict(concept) for concept in CONCEPTS]],
        "learned": [FEATURES_VERSION, GROUP_SCALE, LONG_SENTENCES, LONG_WORDS, PASSAGE, weights],
    }
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]
