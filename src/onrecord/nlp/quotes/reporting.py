"""The reporting lexicon: words that introduce what somebody said, wrote or holds.

Verbs are matched by spaCy lemma. They come in groups because they license different
complements: every reporting verb takes a clause ("said that ...", "warned the plan ..."), but
only some take a plain noun phrase as their content ("welcomed the decision", "stressed the
importance of ..."), and "say" with an object ("said this") reports nothing.
"""

from __future__ import annotations


def lexicon(words: str) -> frozenset[str]:
    """A word list written as white-space separated text, for readable long lexicons."""
    return frozenset(words.split())


# Verbs of saying / writing that frame a quote or take a reported clause.
SPEECH_VERBS: frozenset[str] = lexicon(
    """
    say tell add state note stress emphasize emphasise underline underscore highlight
    reaffirm reiterate repeat announce declare warn insist acknowledge admit argue claim
    explain write tweet post report confirm deny suggest predict promise pledge vow assert
    maintain recall remind remark mention comment observe conclude continue reply respond
    answer retort counter contend allege charge accuse complain concede boast joke quip
    recount testify inform assure caution urge ask demand request propose recommend
    question wonder clarify affirm signal indicate reveal disclose describe praise criticize
    criticise condemn welcome thank agree disagree pronounce proclaim exclaim shout yell
    whisper murmur mutter sigh scream lament plead beg exhort chide scold rebuke admonish
    berate
    acknowledge concur dismiss reject blast slam hail applaud lambast decry estimate
    predict forecast project caution advise instruct order command propose specify stipulate
    guarantee swear threaten testify preach insist reassure brief telegraph tout trumpet hint imply
    intimate speculate theorize theorise surmise point call express voice
    """
)

# Verbs of belief and attitude: reported stances ("he believes that ..."). Only with a clause.
STANCE_VERBS: frozenset[str] = lexicon(
    """
    believe think feel hope expect fear worry doubt suspect know consider reckon assume
    want
    """
)

# Verbs whose direct object can itself be the reported content ("welcomed the talks").
OBJECT_CONTENT_VERBS: frozenset[str] = lexicon(
    """
    welcome stress emphasize emphasise underline underscore highlight reaffirm reiterate
    announce praise criticize criticise condemn deny confirm acknowledge hail applaud
    decry lambast slam blast reject dismiss predict promise pledge vow propose recommend
    demand urge express voice
    """
)

# Verbs whose plain object is a judgement or a request, not a statement ("praised the plan",
# "proposed an amendment", "called for a ban"): news annotation schemes count them as speech
# only when quoted words come with them, and on fresh articles their unquoted content was
# never an annotated attribution (0 of ~40). Their reports need quotation marks.
# "welcome", "express" and "voice" stay statements: "welcomes negotiations on a peace plan",
# "expressed his backing for the talks" state a position on a policy, which is what a
# speaker's timeline on a topic is made of (the seeds' labelled statements hold two).
JUDGING_VERBS: frozenset[str] = lexicon(
    """
    praise criticize criticise condemn hail applaud decry lambast slam blast reject
    dismiss propose recommend demand urge tout thank
    """
)

# Verbs of commitment whose infinitive is the promise: "vowed to ban", "threatened to sue".
COMMISSIVE_VERBS: frozenset[str] = lexicon("vow promise pledge threaten swear")

# "say" and friends are never about their object: "said this", "told the truth".
NO_OBJECT_CONTENT: frozenset[str] = lexicon("say tell add note write")

# Nouns that carry a reported clause ("his claim that ...", "expressed conviction that ...").
REPORTING_NOUNS: frozenset[str] = lexicon(
    """
    statement claim announcement warning assertion conviction belief view remark remarks
    comment argument suggestion promise pledge assurance insistence hope fear concern
    message word report testimony admission acknowledgement acknowledgment denial
    allegation accusation contention position opinion prediction expectation confidence
    reminder notion point idea vow call demand complaint speculation assessment estimate
    insistence explanation observation proposal recommendation charge criticism praise
    """
)

# Verbs that quote a name rather than words: the "so-called" family.
NAMING_VERBS: frozenset[str] = lexicon(
    "call name dub title label term brand nickname christen style"
)

# Manner-of-speaking verbs that frame a quote ('"Great," she laughed') but never report a
# clause ("laughed that ..." is not English; "read" in '"...," reads the editorial').
DIRECT_ONLY_VERBS: frozenset[str] = lexicon(
    """
    read boom chant sing interject muse snap gush fume scoff laugh smile grin chuckle sneer
    bark growl snarl hiss
    bellow deadpan text email message shrug nod tease marvel rage rant recite intone
    continue open close begin finish cry
    """
)

REPORTING_VERBS: frozenset[str] = SPEECH_VERBS | STANCE_VERBS

# Verbs that are reporting cues only with a particle or preposition: "point out", "call on".
PARTICLE_REQUIRED: dict[str, frozenset[str]] = {
    "point": frozenset({"out"}),
    "call": frozenset({"on", "for", "upon"}),
    "shoot": frozenset({"back"}),
    "fire": frozenset({"back"}),
    "hit": frozenset({"back"}),
    "push": frozenset({"back"}),
    "chime": frozenset({"in"}),
    "weigh": frozenset({"in"}),
    "go": frozenset({"on"}),
}

PRONOUNS: frozenset[str] = lexicon("i you he she it we they me him her us them this that who")
