"""Word lists that decide what is a commitment, what blocks one, and who can give.

Data only; the canonical names of countries and organisations live in ``onrecord.lexicon``,
shared with roles and entity linking.
"""

from __future__ import annotations

import re


def _words(text: str) -> set[str]:
    return set(text.split())


# Verbs that make a commitment on their own, with an amount or a concrete object.
STRONG_VERBS = _words(
    "pledge commit promise vow donate contribute allocate earmark award appropriate disburse pump "
    "pour funnel announce unveil grant allot channel mobilise mobilize"
)


# Verbs that are commitments only next to a support word ("provide $15bn in hurricane aid",
# "gave $1 million to X" is fine too: giving money to someone is support) -- see _money_trigger.
WEAK_VERBS = _words(
    "give provide send deliver dispatch ship supply offer fund finance approve pass sign "
    "authorize authorise agree spend transfer include contain receive get obtain go make "
    "enact complete direct drop plow steer flow"
)


RECEIVE_VERBS = {"receive", "get", "obtain", "go"}


# Money given to a named party needs no aid word: "gave $500,000 to the committee".
GIVING_VERBS = {"give", "send", "transfer"}


# Nouns that name the commitment act itself.
PLEDGE_NOUNS = _words(
    "pledge commitment promise contribution donation gift announcement grant award"
)


# Nouns that name what is given.
SUPPORT_NOUNS = _words(
    "aid assistance relief funding fund funds money grant loan donation contribution gift package "
    "pledge resource weapon arms ammunition equipment supply ration material subsidy bailout "
    "stimulus scholarship leave support help sanitizer wi-fi broadband recovery fi"
)


# Materiel and relief goods: "delivered two air defence systems", "sent food and tents" --
# concrete objects of a giving verb, but too common to make a money amount a pledge.
GOODS_NOUNS = _words(
    "system tank jet missile drone howitzer vehicle munition shell rifle helicopter aircraft food "
    "medicine vaccine dose blanket tent generator shelter ship carrier vessel plane"
)


PROGRAM_NOUNS = {"program", "programme", "fund", "facility", "initiative", "mechanism", "scheme"}


# Nouns that name aid plainly enough that "$12 billion in farm aid" is a commitment mention
# whatever verb the sentence hangs it on.
AID_NOUNS = _words("aid assistance relief grant donation contribution gift loan subsidy bailout")


# "X has long been a major funder of Y": the subject of the copula is the giver.
GIVER_NOUNS = {"funder", "donor", "backer", "benefactor", "financier"}


# Sentences about undoing a gift report no commitment: "the university returned the donation".
_UNDOING = re.compile(
    r"\b(?:return(?:ed|s|ing)?|refund(?:ed|s|ing)?|repa(?:y|id|yment)|reimburs\w*|chargeback"
    r"|negation|disgorge\w*|give back|gave back|giving back|rescind\w*|withh(?:e|o)ld\w*"
    r"|sen(?:d|ds|t|ding) back|pa(?:y|id|ying) back|on hold|froze|frozen|freez\w*)\b"
    # "placed an 'informal hold' on the $391 million in aid": withheld
    r"|\b(?:placed|put|puts|placing|putting) (?:an? |the )?(?:[\w\"“”]+ ){0,2}hold\b",
    re.I,
)
# Sentences that are about something else than a commitment, whatever their verbs: court
# awards and damages, budgets, questions put as statements ("Do you believe that ...").
_NOT_COMMITMENT = re.compile(
    r"\b(?:jury|juries|judge|court|arbitrat\w*)\b[^.]{0,80}\bawar\w*|\bdamages\b"
    # lower-case only and not "budget deficit": "the Congressional Budget Office" scores a
    # bill and a deficit is no budget line, neither makes a gift in the sentence a budget
    # nor another body's budget that a gift is a share of ("a quarter of the agency's budget")
    r"|(?<!['’]s )(?<!['’]s yearly )(?<!['’]s annual )"
    r"(?-i:\b(?:off-)?budget(?:s|ary|ed)?\b)(?!\s+deficits?\b)"
    r"|^\W*(?:do|does|did|is|are|was|were|would|will|should"
    r"|can|could|why|how|what)\s+(?:you|we|they|i)\b|\bfor (?:valuable |any )?information\b"
    r"|^\W*(?:pledge|donate|give|send|contribute|chip in)\s+[$€£]"
    # a spending bill is a budget until it is enacted; once signed or passed, what it gives
    # to others is judged like any enacted aid (BUDGET_RECIPIENTS keeps the budget lines out)
    r"|\bfunds? the (?:federal )?government\b"
    r"|^(?s:(?!.*\b(?:signed|passed|approved|enacted)\b).*?)"
    r"(?:\bspending (?:package|bill)\b|\bomnibus\b)"
    r"|\bon average\b|\ban average of\b"
    # "gave as an example the Active Denial System"; "loans valued at $324 billion"
    r"|\bas an example\b|\bvalued at\b"
    # a candidate's own money into their own race is spending on oneself
    r"|\bown (?:money|funds|fortune|cash|wealth)\b[^.]{0,60}\b(?:campaign|race|contest|bid"
    r"|candidacy|run)\b|\bself-fund\w*|\b(?:his|her|their) own (?:campaign|race|bid)\b"
    # a border wall is the giver's own construction budget, never a gift to anyone
    r"|\b(?:border )?wall\b|\bborder barriers?\b"
    # a crime narrative: "charged with attempting to provide material support"
    r"|\b(?:arrested|indicted|indictment|convicted|pleaded guilty|sentenced)\b"
    # hedged or disguised gifts, lobbying fees and open questions: "a purported charitable
    # contribution", "paid to lobby", "how to fund hurricane relief"
    # (lobbying as the purpose of money, not a lobbyist who happens to be in the sentence)
    r"|\b(?:purported\w*|allegedly|bribe\w*)\b|\bhow to\b"
    r"|\b(?:to|for|by) lobbying\b|\bto lobby\b|\blobbying (?:fees?|work|firms?)\b"
    # The Hill's related-story residue ("... MORE to provide $251 billion") cuts sentences
    r"|(?-i:\bMORE\b)"
    # moving money inside one's own books: "transferred $12 billion among defense accounts"
    r"|\b(?:among|between)\s+(?:\w+\s+){0,3}accounts\b|\breprogramm?\w*"
    # a candidate pouring money "into her race" spends on herself
    r"|\b(?:pour\w*|sunk|sink\w*|plow\w*|pump\w*|put\w*|spen[dt]\w*|invest\w*)\b[^.]{0,60}"
    r"\binto (?:his|her|their) (?:own )?(?:race|campaign|bid|candidacy|run)\b"
    # tax breaks and incentives forgo revenue, they give nothing: "$46.1 million in tax breaks"
    r"|\btax (?:breaks?|credits?|incentives?|abatements?|exemptions?|cuts?|rebates?)\b"
    # vague offers and judgements, no act: "offer all assistance to catch those responsible",
    # "it is appropriate for the Department to award eligible borrowers full relief"
    r"|\boffer(?:s|ed|ing)?\s+(?:all|any|every|whatever)\b|\bstands? ready to\b"
    r"|\bit (?:is|was|would be|will be) (?:appropriate|necessary|important|right|fair|time)"
    r" (?:for|to)\b"
    # taxes paid are no gift: "contribute $11.6 billion per year in state and local taxes"
    r"|\b(?:in|pa(?:y|ys|id|ying)) (?:[\w-]+ ){0,4}taxes\b"
    # a bill described as it stands, not as enacted: "in the bill's current form"
    r"|\b(?:current|draft|proposed) (?:form|version)\b|\bas (?:drafted|proposed|written)\b"
    # statistics of giving: "donated $23 to Democrats for every $1", "average donations of"
    r"|\bfor every [$€£]?\s?\d|\baverage (?:donation|contribution|gift|grant)s?\b"
    # rules and thresholds: "are only allowed to donate a maximum of $5,000"
    r"|\b(?:allowed|permitted|entitled) to (?:donate|give|contribute)\b"
    r"|\b(?:a )?(?:maximum|minimum|limit|cap) of [$€£]"
    # a force massed against a neighbour: "stationed 40,000 troops ... threatened to invade"
    r"|\bthreaten\w* to (?:invade|attack|strike|annex)\b|\b(?:amass\w*|massing|build-?up)\b"
    # a scholarship won is an honour for the one who won it: "Awarded a scholarship to Yale"
    r"|\b(?:awarded|won|received|earned|got) (?:a |an )?(?:\w+ )?scholarship to\b"
    # money raised for others is fundraising: "funneled $300,000 to candidates ... by
    # hosting online fundraising campaigns"
    r"|\bby (?:hosting|holding|throwing|organi[sz]ing|bundling)\b"
    # a body allowed to use money is a budget: "empowered to use funding from the department"
    r"|\bto use (?:\w+ ){0,3}(?:funding|funds|money)\b"
    # the giver's own budget lines: "a $22 billion boost over 2019 spending levels for the
    # military", "a 3.1% pay raise", "border security funding"
    r"|\bspending levels?\b|\bpay raise\b|\b(?:border|homeland) security funding\b"
    # a counted crowd's giving is a statistic: "570 hedge fund managers have shelled out"
    r"|\b\d[\d,]* (?:[\w-]+ ){0,3}(?:managers|donors|people|individuals|employees|executives"
    r"|lawyers|contributors|americans) (?:have |had )?(?:given|donated|contributed|shelled"
    r"|poured|spent|gave)\b"
    # a bailout's terms put to a vote by its recipients; a "gift" of a scare-quoted thing
    r"|\b(?:accept|reject)\w* the terms of\b|\bgift (?:to (?:\w+ ){1,3})?of an? [\"“]"
    # thanks for someone's years of work: "grateful for Napp's contribution over these years"
    r"|\b(?:grateful|thankful|thanks) for\b"
    # fundraising appeals: "give $25 or more to help us", "chip in $5 today"
    r"|\b(?:give|donate|chip in|contribute)\s+(?:just\s+)?[$€£]\s?\d[\d,.]*\s+(?:or more|now|today)\b",
    re.I,
)


# Bylines: "Fox News' Chad Pergram contributed to this report."
_CREDIT = re.compile(
    r"contributed (?:reporting )?to (?:this|the) (?:report|story|article)|with assistance (?:by|from)",
    re.I,
)


# Light verbs whose object noun carries the commitment: "made a donation", "gave a gift".
LIGHT_VERBS = {"make", "give", "announce", "unveil", "receive"}


# "spent $20 million to promote ..." -- spending is support when its purpose is to back someone.
BACKING_VERBS = {"support", "help", "promote", "back", "elect", "defeat", "boost", "aid", "assist"}


# "Support" and "help" alone are too vague to stand as the object of a pledge.
VAGUE_OBJECTS = {"support", "help", "commitment", "effort", "resolve", "engagement"}


# Verbs that make everything under them an intention, a request or a refusal.
BLOCK_VERBS = _words(
    "want plan hope seek aim propose ask request urge call demand need consider intend try "
    "prepare push threaten refuse decline reject return refund withhold hold freeze cut delay "
    "rescind cancel block suspend stop end expect fight press insist estimate worry disgorge "
    "forgo lobby wish oppose wait attack criticize debate prioritize prioritise encourage appeal "
    "invite challenge solicit raise fail bar ban prohibit forbid lose qualify borrow owe sell "
    "buy purchase accuse allege claim collect remove strip defund eliminate necessitate "
    "require assume suppose imagine struggle look attempt strive scramble fabricate deny "
    "dispute weigh mull discuss negotiate draft explore contemplate eye"
)


# "Ukraine was desperate for a loan guarantee": an adjective of wanting governs the amount.
# "is ready to provide federal assistance as needed", "would be willing to contribute":
# offers, not acts.
BLOCK_ADJECTIVES = _words("desperate eager hungry keen anxious unable ready willing prepared")


# "his requested $5.7 billion", "an estimated $3 billion": not a committed amount.
BLOCK_AMOUNT_MODIFIERS = _words(
    "requested proposed planned expected estimated projected potential possible hypothetical"
)


BLOCK_NOUNS = _words(
    "request demand proposal plan call bid goal target appeal refund fight push cost price "
    "refusal check cheque investment tv television radio airtime reservation lawsuit "
    "deficit debt revenue tax tariff fine settlement salary budget valuation share percent vote "
    "need pitch offer damages damage contract operation right cut cuts saving savings charge "
    "claim allegation accusation idea notion ad ads blitz buy purchase advertising commercial "
    "estimate projection surplus wage income effort deal reward bounty prize judgment verdict "
    "specifics unable payment fee exchange silence average hope wish expectation intention "
    "possibility prospect"
)
# Bodies of the giver's own state that money is budgeted to: "gives the Pentagon $165
# billion", "$5.7 billion for a border wall" -- a budget, not a commitment to anyone.
BUDGET_RECIPIENTS = _words(
    "pentagon military army navy wall border department agency police budget tax cuts cut"
)
# Words the parser takes for a giver that name no one: "The Money — Presented by ...",
# "thousands more donors", "official".
NOT_DONORS = _words(
    "money official fact politifact donors donor people thousands hundreds millions "
    "dozens someone anyone everyone nobody god"
)


# Plural nouns for a crowd of people, not a party that can give: "more Americans".
CROWDS = _words(
    "americans voters taxpayers citizens residents supporters workers employees consumers "
    "viewers readers fans members individuals families households customers users"
)


CONTINUE_VERBS = _words(
    "continue maintain remain keep sustain strengthen increase boost enhance step ramp up"
)


MODALS_BLOCK = {"should", "must", "could", "might", "may", "ought", "need", "can"}


# "contributed $2 billion to tourism", "contributed to this atmosphere": no gift at all.
ABSTRACT_RECIPIENTS = _words(
    "economy tourism gdp growth deficit debt atmosphere problem crisis success argument arguments "
    "debate climate culture effort understanding discussion conversation decline rise "
    "investigation probe inquiry prosecutor prosecution"
)


# Verbs of approval commit money, not goods: "the FDA will approve a vaccine" is no pledge.
APPROVAL_VERBS = _words("approve pass sign authorize authorise agree enact")


REPORTING = {"say", "announce", "tell", "report", "confirm", "state", "add", "note", "write"}


STATUS_BY_LEMMA = {
    "pledge": "pledged",
    "commit": "pledged",
    "promise": "pledged",
    "vow": "pledged",
    "earmark": "pledged",
    "allocate": "pledged",
    "offer": "pledged",
    "commitment": "pledged",
    "announce": "announced",
    "unveil": "announced",
    "announcement": "announced",
    "agree": "agreed",
    "approve": "agreed",
    "pass": "agreed",
    "sign": "agreed",
    "authorize": "agreed",
    "authorise": "agreed",
    "appropriate": "agreed",
    "enact": "agreed",
    "complete": "agreed",
    "include": "agreed",
    "contain": "agreed",
}


DELIVERY = _words(
    "give donate contribute provide send deliver dispatch ship supply spend transfer disburse "
    "award grant pump pour funnel fund finance receive get obtain go make cover donation "
    "contribution gift"
)


DONOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}


# Common nouns that can stand for a giver ("Allies", "rich nations", "the administration").
GROUP_NOUNS = _words(
    "ally allies nation country member government administration congress senate house donor "
    "company official partner city lawmaker republican democrat world foundation group committee "
    "state agency union network league megadonor philanthropist alliance club firm brewery "
    "distillery university board trustee fund player employer business billionaire executive"
)


# What a person or a group can own and give through: "his administration", "whose members".
INSTITUTIONS = _words(
    "administration government campaign company foundation team office member members charity"
)


# Subjects that are instruments, not givers: "The legislation included $15bn".
# People who act for a named body: "Leaders of the Alliance agreed to provide ..." -> the Alliance.
REPRESENTATIVES = _words(
    "leader head chief minister official representative delegate delegation envoy"
)


INSTRUMENTS = {"legislation", "bill", "measure", "package", "deal", "law", "act", "plan", "it"}


_PURPOSES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bair[- ]defen[cs]e\b", re.I), "air defence"),
    (re.compile(r"\bsecurity assistance\b", re.I), "security assistance"),
    (re.compile(r"\bhumanitarian\b", re.I), "humanitarian aid"),
    (re.compile(r"\bdefen[cs]e spending\b", re.I), "defence spending"),
    (
        re.compile(r"\b(?:military|lethal)\b|\bweapons?\b|\bammunition\b|\barms\b", re.I),
        "military aid",
    ),
    (re.compile(r"\btraining\b", re.I), "training"),
    (re.compile(r"\b(?:hurricane|storm|typhoon|disaster|wildfire|flood)", re.I), "disaster relief"),
    (re.compile(r"\breconstruction\b|\brebuild", re.I), "reconstruction"),
    (re.compile(r"\b(?:coronavirus|covid|pandemic)", re.I), "pandemic relief"),
    (re.compile(r"\bclimate\b|\badaptation\b|\bmitigation\b", re.I), "climate finance"),
    (re.compile(r"\b(?:campaign|super PAC|PAC|election|candidate|inaugurat)", re.I), "political"),
    (re.compile(r"\bfarm", re.I), "farm aid"),
    (re.compile(r"\bsmall[- ]business", re.I), "business relief"),
    (re.compile(r"\b(?:scholarship|college|universit|school|students?)\b", re.I), "education"),
    (re.compile(r"\b(?:health|hospital|medical|testing)\b", re.I), "health"),
    (re.compile(r"\bcharit|\bphilanthrop", re.I), "philanthropy"),
]


_PROGRAM_NAME = re.compile(
    r"\b((?:[A-Z][\w'’&.-]*\s+){0,6}(?:Program|Programme|Fund|Facility|Initiative|List|Mechanism"
    r"|Scheme|Act))\b(?:\s*\(([A-Z][A-Za-z]{1,7})\))?"
)


_PROGRAM_ACRONYM = re.compile(
    r"\b(?:through|under|via|into|from|to|for)\s+(?:the\s+)?([A-Z]{3,8})\b"
)


_NOT_PROGRAMS = _words(
    "NATO USA FEMA FBI CIA HHS CDC DHS DNC RNC UNICEF IFCN OSF SBA LAPD CNN FEC NFL NBA"
)


_PROGRAM_REF = re.compile(r"\bthe (?:program|programme|fund|initiative|facility|mechanism)\b", re.I)


_DAYLIKE = re.compile(r"^\d{4}-\d\d(?:-\d\d)?(?:T|$)")


_YEARLIKE = re.compile(r"^(?:\d{4}|\d{4}-(?:H[12]|Q[1-4]|SU|WI|FA|SP))$")


_PERIOD_PREPS = ("for", "within", "over", "through", "by", "until", "in", "during", "per")


_RATE = re.compile(r"^\s*(?:a|per|each)\s+(year|month)\b|^\s*annually\b", re.I)
