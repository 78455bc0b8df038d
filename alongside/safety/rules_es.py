"""Screening rules for Spanish: crisis levels, abuse and hate. Pure Python, no Django.

Written the way people write Spanish in a chat, in Spain and in Latin America: without accents
(`rules.prepare` drops them, so every pattern here is written without them), with the usual
misspellings ("suisidarme", "matarm", "kiero"), slang ("neta", "alv", "posta", "wey", "tio") and
regional words for the same thing. Levels follow rules.py: `high` = intent, a plan, means, a time
or a recent attempt ("me voy a matar", "esta noche acabo con todo", "ayer intente suicidarme");
`concern` = a wish to die, thoughts of suicide, self-harm, feeling a burden ("quiero morirme", "no
le veo sentido a la vida", "me corto", "todos estarian mejor sin mi").

What keeps look-alikes out, as in English:
- hyperbole: "me muero de risa", "me quiero morir del sueno / de la verguenza / de hambre", "me
  muero por verte", laughter ("jajaja", "xd") after a "me quiero morir";
- negation: "nunca me haria dano", "no me voy a matar", "ya no quiero morir";
- quoting and reporting: «me quiero morir» in quotes, "la cancion dice…";
- other people: Spanish verbs carry the person, so the patterns are first person ("quiero",
  "me mato", "suicidarme"); "quiere morir", "se quiere matar", "suicidarte" are someone else's
  (a supporter asking "¿piensas en suicidarte?" is not at risk);
- past: "hace anos queria morir", "cuando era adolescente me cortaba" (imperfect tense is not
  matched; time words before or after are checked as in rules.py).

Abuse and hate: telling someone to kill themselves, threats, insults aimed at someone ("eres un
imbecil"), slurs, and hate against a group for who they are ("los inmigrantes son una plaga",
"odio a los gays"). Counter-speech that quotes or names hate to reject it ("no esta bien decirle
eso a nadie", «si veo un comentario como "…", lo denunciare») and negated statements ("nunca le
haria dano a una persona trans") are not abuse. Spelling games are undone before matching:
leetspeak (rules.prepare), letters spaced out ("m a r i c a"), and single-letter slips in the
words that carry the hate ("desprciables", "ejectuar"), looked up in a small lexicon.
"""

from __future__ import annotations

import re
from functools import lru_cache

from alongside.safety import rules
from alongside.safety.rules import CrisisFinding, RuleMatch, RuleSpec, level_max


def _alternation(*specs: RuleSpec) -> rules.Alternation:
    """rules.Alternation, where a rule's needed words that are not all spelled out in its regex
    (a word written "list[oa]") are dropped: that rule then always runs."""
    kept: list[RuleSpec] = []
    for spec in specs:
        if isinstance(spec, tuple):
            try:
                rules._parse_needs(*spec)
            except ValueError:
                spec = spec[0]
        kept.append(spec)
    return rules.Alternation(*kept)


# --- crisis ---------------------------------------------------------------------------------

_SUIC = r"(?:su[iy]?[cs]+id\w*|sucid\w*)"  # suicidio, suicidarme, suisidarme, sucidarme…
_MATARME = r"(?:matarme|matarm|suicidarme|su[iy]?[cs]+idarme|quitarme la vida|quitarme de en medio|darme un tiro|colgarme|ahorcarme|tirarme (?:de|por|a) \w+)"
_ACABAR = r"(?:acabar|terminar) (?:con )?(?:todo|mi vida|con esto|de una vez|ya)"
_NOW = r"(?:hoy|esta noche|manana|ahorita|ahora mismo|ya mismo|este fin de semana|en un rato|cuando (?:todos )?(?:duerman|se duerman|se vayan))"

HIGH_PHRASES = _alternation(
    # explicit intent: "me voy a matar", "voy a suicidarme", "me quiero matar"
    (
        rf"\b(?:me )?(?:voy|vo|boy) a (?:matar(?:me)?|suicidar(?:me)?|{_MATARME}|{_ACABAR}|quitar(?:me)? la vida|morir(?:me)? (?:hoy|esta noche))",
        "voy vo boy",
    ),
    (
        rf"\b(?:me )?(?:quiero|kiero|qiero|necesito|tengo que|pienso|decidi|he decidido|estoy decidid[oa] a) (?:matar(?:me)?\b|su[iy]?[cs]+idar(?:me)?\b|quitar(?:me)? la vida|{_MATARME})",
        "quiero kiero qiero necesito tengo pienso decidi decidido decidida",
    ),
    (
        rf"\bme (?:mato|suicido|cuelgo|ahorco)\b(?= *(?:{_NOW}|ya\b|de una vez|hoy mismo))",
        "mato suicido cuelgo ahorco",
    ),
    (
        rf"\b{_NOW},? (?:me mato|me suicido|acabo con todo|lo hago|me voy de este mundo|me quito la vida)\b",
        "me acabo lo",
    ),
    (r"\bestoy (?:decidid[oa]) (?:a|para) (?:morir|matarme|suicidarme|acabar con todo)", ""),
    # plan, preparations, goodbyes
    (
        r"\b(?:carta|nota|mensaje) (?:de despedida|suicida)\b",
        "carta nota mensaje ; despedida suicida",
    ),
    (
        r"\b(?:deje|escribi|termine|estoy escribiendo) (?:mi|una|la|las|mis) (?:ultima |ultimas )?(?:carta|nota|cartas|notas)(?! (?:para|a) (?:el|la) (?:profe|profesor|profesora|escuela|colegio|trabajo))",
        "deje escribi termine escribiendo ; carta nota cartas notas",
    ),
    (
        r"\b(?:adios|chao|chau) (?:a todos|para siempre|mundo|mundo cruel|a todas|chicos)\b(?! (?:hasta|nos vemos|manana|me voy a (?:dormir|la cama)))",
        "adios chao chau ; todos siempre mundo todas chicos",
    ),
    (
        r"\b(?:este|esta) es (?:mi|el) (?:ultimo|ultima) (?:mensaje|publicacion|post|noche|dia|adios)\b",
        "este esta ; ultimo ultima",
    ),
    (
        r"\b(?:ya )?(?:no|nunca) (?:voy a estar|estare|me volveran a ver|me vas a volver a ver)(?: aqui| mas| manana| mucho tiempo)\b",
        "no nunca ; estar estare volveran volver",
    ),
    (
        r"\b(?:tengo|ya tengo|junte|guarde|compre|consegui) (?:todas |muchas |suficientes |las |unas |la |el |una )*(?:pastillas|pildoras|cuerda|soga|pistola|arma|cuchillas|navaja|veneno)\b.{0,60}\b(?:morir|matarme|acabar|suicid\w*|hoy|esta noche|voy a|para)\b",
        "tengo junte guarde compre consegui ; pastillas pildoras cuerda soga pistola arma cuchillas navaja veneno",
    ),
    (r"\bmi plan (?:es|para) (?:morir|matarme|suicidarme|acabar)", "plan ; mi"),
    # recent attempt
    (
        rf"\b(?:intente|trate de|quise) (?:matarme|suicidarme|{_MATARME}|quitarme la vida|morir)\b.{{0,40}}\b(?:anoche|ayer|hoy|esta manana|otra vez|de nuevo|hace (?:un rato|una hora|poco))\b",
        "intente trate quise",
    ),
    (
        r"\b(?:anoche|ayer|hoy|esta manana|hace un rato) (?:intente|trate de) (?:matarme|suicidarme|quitarme|morir|ahorcarme|colgarme)",
        "intente trate",
    ),
    (
        r"\bme (?:tome|trague|bebi) (?:todas las|un bote de|una caja de|muchas|un monton de|la caja de) (?:pastillas|pildoras|pastis)",
        "tome trague bebi",
    ),
)

_HYPERBOLE_AFTER = (
    r"(?! (?:de|del|por) (?:la )?(?:risa|sueno|hambre|sed|verguenza|pena ajena|amor|ganas|envidia|calor|frio|"
    r"aburrimiento|ternura|celos|nervios|felicidad|emocion|cringe|asco|cansancio|flojera|pereza|gusto|"
    r"alegria|miedo|dolor de (?:cabeza|muelas|panza|barriga)|la emocion|lo lindo|lo bonito|lo bello|lo mono|"
    r"verte|ir|que|saber|probar|comer|conocer))"
)

CONCERN_PHRASES = _alternation(
    # wish to die
    (
        rf"\b(?:me )?(?:quiero|kiero|qiero|quisiera|necesito) (?:morir(?:me)?|morirm|muero)\b{_HYPERBOLE_AFTER}",
        "quiero kiero qiero quisiera necesito",
    ),
    (
        r"\b(?:me )?(?:quiero|kiero|quisiera|deseo|desearia) (?:estar muert[oa]|desaparecer(?: para siempre)?|dejar de existir|no existir|no despertar|dormir para siempre|irme de este mundo|no haber nacido)\b",
        "quiero kiero quisiera deseo desearia",
    ),
    (
        r"\b(?:tengo|me dan|me entran) ganas de (?:morir(?:me)?|matarme|suicidarme|desaparecer|no existir|dejar de existir)\b"
        + _HYPERBOLE_AFTER,
        "ganas",
    ),
    (
        r"\b(?:ya )?no quiero (?:vivir|seguir viviendo|seguir (?:aqui|asi|en este mundo)|existir|despertar|estar vivo|estar viva|estar aqui|seguir)\b(?! (?:en|con|aqui en|hasta|sin|asi de|con (?:el|la|este|esta) (?:trabajo|novio|novia|curro|jefe)|en (?:esta|este) (?:casa|trabajo|ciudad|pais|curro)))",
        "quiero ; vivir viviendo seguir existir despertar vivo viva estar",
    ),
    (
        r"\bojala (?:me muriera|me muera|estuviera muert[oa]|no (?:me )?despert(?:ara|ase|e)|no despertar|no hubiera nacido|no existiera|desaparecer|me atropelle|me pase algo)\b",
        "ojala",
    ),
    (
        r"\b(?:ya )?(?:no le (?:veo|encuentro)|no tiene|no encuentro|no veo|perdi|ya no tiene|sin) (?:ningun |el )?sentido (?:a |de |en )?(?:la vida|mi vida|vivir|seguir|seguir viviendo|nada|estar vivo|estar viva|seguir aqui)\b",
        "sentido",
    ),
    (
        r"\b(?:mi vida|la vida|vivir) (?:ya )?(?:no tiene sentido|no vale la pena|es una mierda y no quiero seguir)\b(?! (?:si|sin) )",
        "vida vivir ; sentido vale",
    ),
    (
        r"\b(?:mejor|prefiero) (?:me mato|matarme|morirme|me muero|estar muert[oa]|desaparecer|suicidarme|no existir)\b"
        + _HYPERBOLE_AFTER,
        "mejor prefiero",
    ),
    (
        rf"\b(?:pienso|pensando|he pensado|estoy pensando|pense|pensamientos de|ideas de|ideacion) (?:mucho |mucho en |en )?(?:{_SUIC}|matarme|quitarme la vida|morir(?:me)?|la muerte|acabar con todo|mi muerte)\b",
        "pienso pensando pensado pense pensamientos ideas ideacion",
    ),
    (
        rf"\b(?:pensamientos|ideas|ideacion|impulsos|tendencias) (?:suicidas?|de {_SUIC}|de muerte)\b",
        "pensamientos ideas ideacion impulsos tendencias",
    ),
    (
        r"\b(?:estoy|me siento|sigo) (?:muy |tan |algo |bastante |super )?(?:suicida|con ganas de morir)\b",
        "estoy siento sigo ; suicida ganas",
    ),
    (
        r"\b(?:estoy |ando |me siento )?(?:cansad[oa]|hart[oa]|agotad[oa]) de (?:vivir|la vida|existir|estar viv[oa]|seguir viv[oa]|luchar)\b",
        "cansado cansada harto harta agotado agotada ; vivir vida existir estar seguir luchar",
    ),
    (
        r"\b(?:no aguanto|no soporto|no puedo con) (?:mas )?(?:esta vida|la vida|vivir|seguir viviendo|estar viv[oa])\b",
        "aguanto soporto puedo ; vida vivir viviendo vivo viva",
    ),
    (r"\b(?:soy|me siento) (?:una|un) (?:carga|estorbo)\b", "soy siento ; carga estorbo"),
    (
        r"\b(?:todos|todo el mundo|mi familia|el mundo|ustedes|ellos|mis padres) (?:estarian|estaria|estaran|vivirian) mejor sin mi\b",
        "mejor ; sin",
    ),
    (
        r"\b(?:seria|estaria) mejor (?:si )?(?:estuviera muert[oa]|no existiera|me muriera|desapareciera|no estar)\b",
        "mejor",
    ),
    (
        r"\bnadie (?:me )?(?:extranaria|echaria de menos|notaria) (?:si )?(?:me muero|me muriera|me mato|muero|desapareciera|me fuera)\b",
        "nadie",
    ),
    (
        r"\b(?:no hay|no veo|no tengo) (?:ninguna )?(?:salida|escapatoria|futuro|razon para vivir|motivo para vivir|razones para vivir)\b",
        "salida escapatoria futuro razon motivo razones",
    ),
    (
        r"\b(?:me rindo|me di por vencid[oa]|me doy por vencid[oa])(?: con la vida| ya| de vivir)?\b(?= *(?:[.!,]|$| ya| no puedo))",
        "rindo vencido vencida",
    ),
    # self-harm
    (
        r"\b(?:me (?:corto|corte|he cortado|volvi a cortar|lastimo|lastime|hago dano|hice dano|autolesiono|quemo|golpeo)|(?:quiero|voy a|ganas de|necesito|pienso en|pensando en|volver a|vuelto a|volvi a) (?:cortarme|autolesionarme|lastimarme|hacerme dano|quemarme))\b(?! (?:el|la|los|las) (?:pelo|cabello|flequillo|unas|barba|dedo con|mano con|pierna jugando|rodilla)| (?:un|una) (?:poco|rato|sandwich|trozo|mechon)| con (?:el papel|la hoja de papel)| en (?:la cocina|el partido|el gym|el gimnasio))",
        "",
    ),
    (
        r"\b(?:dormir|acostarme a dormir|irme a dormir|acostarme|dormirme) y (?:ya )?(?:no|nunca) (?:volver a |mas )?despertar(?:me)?\b(?! hasta| temprano| tarde| antes| a las)",
        "despertar despertarme",
    ),
    (
        r"\b(?:ganas de|a nada de|queriendome|quiero|estoy por|a punto de) (?:matarme|suicidarme|quitarme la vida)\b",
        "",
    ),
    (r"\b(?:mood|modo|humor|fase|racha) suicida\b", "suicida"),
    (
        r"\b(?:autolesion(?:es|arme)?|autolesiones|cutting)\b(?= .{0,30}\b(?:yo|me|mi|otra vez|de nuevo|recai|hoy|anoche)\b)",
        "~autolesion ~cutting",
    ),
    (
        r"\b(?:recai|he recaido|volvi a recaer)\b.{0,30}\b(?:cortarme|autolesion\w*|cortes|hacerme dano)\b",
        "recai recaido recaer",
    ),
    # slang: Mexico, Argentina, Chile, Spain
    (
        r"\b(?:me quiero|ya me quiero|quiero) (?:morir|matar|petar|morirme|matarme) (?:alv|a la verga|neta|posta|wey|guey|we|boludo|tio|tia|ctm|weon|en serio|de verdad)\b",
        "alv verga neta posta wey guey we boludo tio tia ctm weon serio verdad",
    ),
    (r"\bkms\b", "kms"),
)

# A live crisis phrase with a time, a plan or means near it: high.
HIGH_BOOSTERS = re.compile(
    r"\b(?:hoy|esta noche|manana|ahora mismo|ahorita|este fin de semana|en un rato|ya lo tengo|"
    r"tengo un plan|tengo el plan|lo tengo planead[oa]|ya se como|pastillas|pildoras|cuerda|soga|pistola|"
    r"puente|cuchillas|navaja|vias del tren|carta de despedida|adios|ultimo mensaje)\b"
)
_NEGATION = re.compile(
    r"\b(?:nunca|jamas|ni loc[oa]|ni de broma|tampoco|ya no|no (?:es que|estoy|pienso|voy a|tengo (?:ganas|intencion)|"
    r"me (?:voy|pienso)|lo (?:haria|hare|voy)|haria|quiero|creo que)|dejé de|deje de)\b|\bno\s*$"
)
_CLAUSE_BREAK = re.compile(
    r"[.!?;:,\n]|\b(?:pero|aunque|sin embargo|mas bien|solo que|excepto|y|e|o|porque|que)\b"
)
# A negation governs the phrase only from close by: "no me voy a matar", "ya no quiero morir",
# "nunca en mi vida me haria dano" — not "ya no puedo mas y me quiero morir".
_NEGATION_REACH = 4
_PAST = re.compile(
    r"\b(?:hace (?:anos|meses|mucho|tiempo|\d+ (?:anos|meses))|cuando (?:era|tenia|estaba en) (?:joven|nin[oa]|chic[oa]|adolescente|pequen[oa]|peque|\d+|la prepa|el instituto|la secundaria|el cole)|"
    r"de (?:adolescente|joven|nin[oa]|pequen[oa]|chic[oa])|en el pasado|en (?:esa|aquella) epoca|antes (?:solia|queria|pensaba)|"
    r"solia|(?:19|20)\d\d|lo supere|ya lo supere|sobrevivi|llevo (?:\w+ ){0,3}(?:sin|limpi[oa])|mi intento (?:anterior|pasado))\b"
)
_LAUGH = re.compile(
    r"\b(?:ahre|ndea|jsjaj\w*|ja(?:ja)+j?|je(?:je)+|js(?:js)+|xd+|lol|lmao|jsjs\w*|ajaj\w*)\b|😂|🤣|💀"
)
_REPORTED = re.compile(
    r"\b(?:dice|dijo|decia|dicen|canta|cantaba|la cancion|el libro|la peli(?:cula)?|la serie|el personaje|"
    r"el tweet|el post|escribio|publico|le dije|me dijo|me pregunto|pregunta|preguntaba)\b[^.!?\n]{0,40}$"
)


def _quoted_spans(t: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r'"[^"\n]{3,300}"|«[^»\n]{3,300}»|\'[^\'\n]{6,300}\'', t)
    ]


def _clause_before(t: str, start: int, width: int = 60) -> str:
    window = t[max(0, start - width) : start]
    parts = _CLAUSE_BREAK.split(window)
    return parts[-1] if parts else window


def _context_of(t: str, start: int, end: int, phrase: str, quotes: list[tuple[int, int]]) -> str:
    if any(a <= start and end <= b for a, b in quotes):
        return "quoted"
    before = _clause_before(t, start)
    near = " ".join(before.split()[-_NEGATION_REACH:]) + " "
    if _NEGATION.search(near) and not re.match(r"(?:ya )?no\b", phrase):
        return "negated"
    if _REPORTED.search(before):
        return "quoted"
    sentence_end = _CLAUSE_BREAK.search(t, end)
    after = t[end : sentence_end.start() if sentence_end else len(t)]
    if _PAST.search(before) or _PAST.search(after[:60]):
        return "past"
    return ""


def crisis_rules(text: str, prepared: str) -> CrisisFinding:
    """Spanish crisis phrases in a prepared text (rules.prepare), as rules.crisis_rules."""
    t = prepared
    quotes = _quoted_spans(t)
    finding = CrisisFinding()
    for level, pattern in (("high", HIGH_PHRASES), ("concern", CONCERN_PHRASES)):
        for m in pattern.finditer(t):
            ctx = _context_of(t, m.start(), m.end(), m.group(0), quotes)
            rm = RuleMatch(
                rule=f"crisis_{level}_es", level=level, start=m.start(), end=m.end(), context=ctx
            )
            if ctx:
                finding.suppressed.append(rm)
            else:
                finding.matches.append(rm)
                finding.level = level_max(finding.level, level)
    laughing = bool(_LAUGH.search(t))
    if (
        laughing
        and finding.level == "concern"
        and all(r.rule == "crisis_concern_es" for r in finding.matches)
    ):
        # "me quiero morir jajaja": a joke said with laughter is not a wish to die. Kept for
        # the classifier to weigh, not a rule finding.
        finding.suppressed += [
            RuleMatch(r.rule, r.level, r.start, r.end, "hyperbole") for r in finding.matches
        ]
        finding.matches = []
        finding.level = "none"
    if finding.level == "concern":
        for rm in finding.matches:
            lo = max(0, rm.start - 120)
            if HIGH_BOOSTERS.search(t[lo : rm.end + 120]):
                finding.level = rm.level = "high"
                break
    return finding


# Words that make a Spanish message touch on death, self-harm or hopelessness (the trained
# models alone raise a concern only in such a message, as rules.RISK_VOCABULARY in English).
RISK_VOCABULARY = re.compile(
    r"\b(?:morir\w*|muert[oa]s?|muero|matarme|matarm|me mato|suicid\w*|su[iy]?[cs]id\w*|vivir|viviendo|la vida|mi vida|"
    r"existir|desaparecer|sentido|no puedo mas|no aguanto|no soporto|carga|estorbo|cortarme|me corto|autolesion\w*|"
    r"lastimarme|hacerme dano|pastillas|pildoras|cuerda|soga|puente|despedida|adios|sin salida|salida|"
    r"vacio|vacia|sol[oa]|soledad|desesperad[oa]|desesperanza|sufr\w*|dolor|llor\w*|rendirme|me rindo|"
    r"cansad[oa]|hart[oa]|agotad[oa]|odio mi vida|me odio|no valgo|inutil|fracas\w*|ayuda|ayudenme|auxilio)\b"
)
RISK_IDIOMS = re.compile(
    r"\b(?:me muero (?:de|del|por) \w+|muert[oa] de (?:risa|sueno|hambre|miedo|verguenza|cansancio|frio|calor)|"
    r"me (?:mata|matan|estas matando|esta matando) (?:de )?\w*|a muerte)\b"
)


def touches_on_risk(prepared: str) -> bool:
    return rules.touches(prepared, RISK_VOCABULARY, RISK_IDIOMS)


# --- abuse and hate -------------------------------------------------------------------------

_IDENT = (
    r"(?:mujer(?:es)?|chicas|nenas|gays?|gais|homosexual(?:es)?|lesbianas?|bisexual(?:es)?|trans|transexual(?:es)?|"
    r"transgenero|travestis?|negr[oa]s?|afros?|judi[oa]s?|indigenas?|indi[oa]s|discapacitad[oa]s?|minusvalid[oa]s?|"
    r"inmigrantes?|migrantes?|extranjer[oa]s?|refugiad[oa]s?|musulman(?:es|as?)?|islamistas?|moros?|arabes?|gitan[oa]s?|"
    r"latin[oa]s?|sudamerican[oa]s?|chin[oa]s|asiatic[oa]s?|mexican[oa]s|venezolan[oa]s|colombian[oa]s|peruan[oa]s|"
    r"bolivian[oa]s|ecuatorian[oa]s|marroquies|rumanos|maricones|maricas|putos|jotos|bolleras|tortilleras|sudacas|"
    r"panchitos|negratas|mongolic[oa]s|mogolic[oa]s|subnormales|retrasad[oa]s)"
)
_SLUR = (
    r"(?:maricon(?:es|azo)?|marica(?:s)?|mariquita(?:s)?|joto(?:s)?|puto(?:s)?|bollera(?:s)?|tortillera(?:s)?|"
    r"travelo(?:s)?|machorra(?:s)?|sudaca(?:s)?|panchito(?:s)?|negrata(?:s)?|mongolic[oa]s?|mogolic[oa]s?|mongol[oa]s?|"
    r"subnormal(?:es)?|retrasad[oa]s? mental(?:es)?|cholo(?:s)?|indio de mierda|naco(?:s)?|gitanazo|moro de mierda|"
    r"negro de mierda|sidoso(?:s)?|maripos[oa]n|marimacho(?:s)?|tranny)"
)
_INSULT = (
    r"(?:idiota|estupid[oa]|imbecil|pendej[oa]|gilipollas|subnormal|retrasad[oa]|tont[oa]|inutil|basura|escoria|"
    r"asqueros[oa]|repugnante|patetic[oa]|perdedor[a]?|fracasad[oa]|gord[oa] asqueros[oa]|mierda|puta|zorra|perra|"
    r"cabron(?:a)?|hij[oa] de (?:puta|perra)|hdp|mamon(?:a)?|culer[oa]|boludo|boluda|pelotud[oa]|forro|forra|huevon(?:a)?|"
    r"weon(?:a)?|gil|payas[oa]|pringad[oa]|mongol[oa]|mongolic[oa]|mogolic[oa]|anormal|estorbo|lacra|parasito|"
    r"fals[oa]|farsante|mentiros[oa]|exagerad[oa]|dramatic[oa]|cerd[oa]|marran[oa]|lerd[oa]|memo|capull[oa]|"
    r"ceporro|mameluco|baboso|babosa|naco|naca|corriente|maldit[oa]|desgraciad[oa]|miserable|cretino|cretina|"
    rf"despreciable|nada|un cero a la izquierda|una verguenza|un asco|lo peor|salvaje|desviad[oa]|indio|india|{_SLUR})"
)
_NEG_ATTR = (
    r"(?:basura(?: humana)?|escoria|ratas?|plaga|parasitos|cancer|un cancer|animales|bestias|salvajes|inferiores|"
    r"despreciables|asquerosos|asquerosas|repugnantes|una lacra|lacras|mierda|una mierda|brutos|brutas|estupid[oa]s|"
    r"idiotas|ignorantes|violent[oa]s|crueles|criminales|delincuentes|peligros[oa]s|enferm[oa]s|subhuman[oa]s|"
    r"cucarachas|gusanos|monos|sucios|sucias|inutiles|hij[oa]s de puta|lo peor|una amenaza|un peligro|una carga|"
    r"una enfermedad|unos enfermos|aberraciones|una aberracion|abominaciones|degenerad[oa]s|inmundos|alimañas|alimanas|"
    r"sabandijas|putas|zorras|feos|feas|tontos|tontas|inferior|patetic[oa]s|un asco|asco|vagos|vagas|ladrones|terroristas)"
)
_HARM_VERB = (
    r"(?:matar(?:l[oa]s|l[oa]|les)?|asesinar(?:l[oa]s|l[oa])?|ejecutar(?:l[oa]s|l[oa])?|ejecucion|exterminar(?:l[oa]s)?|exterminio|"
    r"eliminar(?:l[oa]s)?|apunalar(?:l[oa]s)?|acuchillar(?:l[oa]s)?|colgar(?:l[oa]s)?|quemar(?:l[oa]s)?|disparar(?:les)?|"
    r"fusilar(?:l[oa]s)?|golpear(?:l[oa]s)?|pegar(?:les)? (?:un tiro|una paliza)|violar(?:l[oa]s)?|gasear(?:l[oa]s)?|"
    r"partir(?:les|le) (?:el cuello|la cara|las piernas)|romper(?:les|le) (?:el cuello|la cara)|ahorcar(?:l[oa]s)?|"
    r"poner fin a|acabar con|deshacernos de|librarnos de|echar(?:l[oa]s)? a todos|deportar(?:l[oa]s)? a todos|"
    r"encerrar(?:l[oa]s)?|esterilizar(?:l[oa]s)?|muerte horrible|muerte lenta|deberian morir|merecen morir|"
    r"tienen que morir|que se mueran|que mueran|hay que matar)"
)

ABUSE_RULES: dict[str, rules.Alternation] = {
    "tells someone to kill themselves": _alternation(
        (
            r"\b(?:matate|suicidate|ahorcate|cuelgate|tirate (?:de un puente|por la ventana|a las vias|al metro|a un tren)|pegate un tiro|cortate las venas)\b",
            "matate suicidate ahorcate cuelgate tirate pegate cortate",
        ),
        (
            r"\b(?:ojala|espero que) (?:te mueras|te murieras|te maten|te mates|te suicides|te de (?:un )?cancer|revientes|te pudras|sufras)\b",
            "ojala espero",
        ),
        (
            r"\b(?:muerete|vete a morir|ve a morirte|anda a morirte|deberias (?:morirte|matarte|suicidarte|desaparecer|no existir))\b",
            "muerete vete ve anda deberias",
        ),
        (
            r"\bnadie (?:te )?(?:va a extranar|extranaria|echaria de menos|notaria si te mueres|va a echar de menos)\b",
            "nadie",
        ),
        (
            r"\b(?:el mundo|todos) (?:estaria|seria|estarian|estariamos) mejor sin ti\b",
            "mejor ; sin ; ti",
        ),
        (r"\bhaznos (?:a todos )?un favor y\b", "haznos"),
    ),
    "threat": _alternation(
        (
            r"\bte (?:voy a|vamos a|vo a) (?:matar|partir la cara|partir la madre|reventar|romper la cara|encontrar|buscar|dar una paliza|apunalar|pegar un tiro|rajar|quemar|violar|hacer dano|hacer pagar|joder la vida|arruinar la vida)\b",
            "te ; voy vamos vo",
        ),
        (
            r"\bte (?:mato|rajo|reviento|parto la cara|parto la madre|quemo)\b(?! (?:de risa|a besos|a cosquillas))",
            "te ; mato rajo reviento parto quemo",
        ),
        (
            r"\b(?:vas a morir|estas muert[oa]|eres hombre muerto|me las vas a pagar|vas a pagar|te la vas a ganar|se donde vives|voy a por ti|voy por ti|cuidate la espalda)\b",
            "vas estas eres pagar ganar vives voy cuidate",
        ),
    ),
    "harassment": _alternation(
        (
            rf"\b(?:eres|sos|eris|sois|seras|siempre seras) (?:un |una |el |la |tan |muy |mas |solo |solamente |nada mas que |no mas que |mas que |un pinche |una pinche |un puto |una puta |un maldito |una maldita |un autentico |una autentica |una |un )*{_INSULT}\b(?! (?:de (?:bueno|buena|dulce|lindo|linda|guapo|guapa)|para (?:mi|nosotros)))",
            "eres sos eris sois seras",
        ),
        (
            r"\b(?:callate|cierra (?:la boca|el pico|el hocico|el osico)|vete a la mierda|que te den(?: por culo)?|chinga tu madre|chingate|vete al carajo|jodete|a la verga contigo|ctm|conchatumadre|la concha de tu madre|hijo de puta|hija de puta|hdp|me cago en tu (?:madre|puta madre|familia))\b",
            "callate cierra vete que chinga chingate jodete verga ctm conchatumadre concha hijo hija hdp cago",
        ),
        (
            r"\b(?:nadie te (?:quiere|soporta|aguanta|necesita)|me das asco|das asco|das pena|das verguenza|te lo mereces|te lo tienes merecido|te lo buscaste)\b",
            "nadie das te",
        ),
        (
            r"\bdeja de (?:llorar|quejarte|fingir|hacerte la victima|hacerte el victima|lloriquear|dar pena|hacer el ridiculo)\b",
            "deja",
        ),
    ),
    "slur": _alternation(
        (
            rf"\b(?:un|una|el|la|los|las|pinche|puto|puta|maldito|malditos|eres|sos|de|demasiados|demasiadas|esos|esas|ese|esa|estos|estas|simple|otro|otra) {_SLUR}\b",
            "",
        ),
        (
            r"\b(?:solo otr[oa]|otr[oa] simple|simple|tipic[oa] de (?:un|una)|no eres mas que (?:un|una)|pinche|maldit[oa]) (?:indio|india|salvaje|desviad[oa]|travesti|negro|negra|gay|judio|judia|trans|indigena|discapacitad[oa]|inmigrante|sudaca|moro|mora|gitano|gitana)\b",
            "",
        ),
    ),
    "hate": _alternation(
        # "los inmigrantes son una plaga", "las mujeres son basura", "los gays son unos enfermos"
        (
            rf"\b{_IDENT}\b(?: (?:como tu|como ustedes|como ese|como esa|de este pais|de mierda))? (?:son|es|seran|siempre son|siempre seran|no son mas que|no son sino|solo son|son solo|son todos|son todas|son simplemente|son simple|parecen|me parecen) (?:tod[oa]s |un[oa]s? |simplemente |simple |totalmente |tan |muy |mas |unos |unas |siempre |los mas |las mas |)*{_NEG_ATTR}\b",
            "",
        ),
        (
            rf"\b(?:odio|detesto|desprecio|aborrezco|no soporto|no aguanto|me dan asco|me asquean|me enferman|me repugnan|me dan nauseas|me dan ganas de vomitar|siento (?:tanto |mucho )?(?:odio|asco|desprecio) (?:por|hacia)|odio profundamente|odio a muerte)(?:(?! no\b)[^.!?\n]){{0,30}}\b{_IDENT}\b",
            "",
        ),
        (
            rf"\b{_IDENT}\b(?:(?! no\b)[^.!?\n]){{0,30}}\b(?:me dan asco|dan asco|me enferman|me repugnan|me asquean|me dan nauseas|no merecen vivir|merecen morir|deberian morir|no deberian existir|no deberian vivir|no son personas|no son humanos|no son seres humanos|sobran|apestan|no valen nada|son una plaga|infestan|infestando|invadiendo|nos invaden)\b",
            "",
        ),
        (rf"\b{_HARM_VERB}\b(?:(?!\bno\b)[^.!?\n]){{0,40}}\b{_IDENT}\b", ""),
        (
            rf"\b{_IDENT}\b[^.!?\n]{{0,40}}\b(?:hay que|habria que|deberiamos|deberian|que alguien|alguien deberia|se deberia|voy a|vamos a|los voy a|las voy a|quiero|solo quiero|merecen|tienen que|ojala)\b[^.!?\n]{{0,20}}\b{_HARM_VERB}\b",
            "",
        ),
        (
            rf"\b(?:hay demasiad[oa]s|sobran|fuera|fuera de aqui|fuera de mi pais|a la mierda con|al carajo con|muerte a|mueran los|mueran las|que se vayan) (?:tod[oa]s )?(?:l[oa]s |est[oa]s |es[oa]s )?{_IDENT}\b",
            "",
        ),
        (
            rf"\b{_IDENT}\b[^.!?\n]{{0,25}}\b(?:pueden irse (?:todos |todas )?(?:a la mierda|al carajo|al diablo)|a la mierda|se pueden morir|que se mueran)\b",
            "",
        ),
        (
            rf"\b(?:vida|vidas) de (?:un[oa]? |l[oa]s )?{_IDENT}\b (?:no (?:vale|valen|tiene|tienen|importa|importan)|vale menos|valen menos|es inferior)\b(?! menos)",
            "",
        ),
        (
            rf"\b(?:nunca|jamas|ningun|ninguna) (?:un[oa]? )?{_IDENT}\b[^.!?\n]{{0,30}}\b(?:podra|sera|seran|valdra|merece|merecen)\b[^.!?\n]{{0,20}}\b(?:valios[oa]|igual|respeto|nada|confianza|persona|humano|derechos)\b",
            "",
        ),
        (
            rf"\b(?:derechos|derechos humanos|votar|trabajar|vivir aqui)\b[^.!?\n]{{0,30}}\b(?:a|para) (?:l[oa]s |es[oa]s |est[oa]s )?{_IDENT}\b[^.!?\n]{{0,10}}",
            "",
        ),
        (
            rf"\b(?:nunca|no) (?:confies|te fies|confiar|fiarse) (?:en|de) (?:nada de lo que te diga |nada de lo que diga |lo que diga |ningun |ninguna |un |una |los |las )*{_IDENT}\b",
            "",
        ),
        (
            rf"\b{_IDENT}\b[^.!?\n]{{0,30}}\b(?:no son mejores que|son peores que|como animales|como ratas|como cerdos|como perros)\b",
            "",
        ),
    ),
}

# Counter-speech and reported hate: rejecting, quoting or reporting what someone else said.
COUNTER_SPEECH = re.compile(
    r"\b(?:no (?:esta|es) (?:nada )?(?:bien|ok|aceptable|correcto|normal)|es (?:deprimente|horrible|inaceptable|triste|indignante|terrible|asqueroso) (?:ver|leer|oir|que)|"
    r"(?:lo |los |las )?denunciare|denunciar|reportare|reportar|no debemos|no deberiamos (?:dejar|permitir|tolerar|aceptar)|"
    r"nunca deberiamos (?:apoyar|dejar|permitir|tolerar|votar)|no (?:podemos|vamos a) (?:dejar|permitir|tolerar)|"
    r"cosas como|comentarios como|frases como|mensajes como|palabras como|cuando (?:dicen|escriben|alguien dice)|"
    r"si (?:veo|leo|oigo|escucho) (?:un|una|a alguien)|deja(?:n)? de (?:decir|llamar|escribir)|no (?:digas|llames|escribas)|"
    r"me (?:molesta|duele|indigna|entristece) (?:que|cuando|ver|oir|leer)|estoy hart[oa] de (?:oir|leer|ver|que)|"
    r"no puedo creer que (?:la gente|alguien|todavia)|(?:dijo|dijeron|dice|dicen|escribio|llamo|llamaron|gritaron|me llamaron|le llamaron|le dijeron|me dijeron|decirle|llamarle|decir|llamar) [\"«']|"
    r"todavia hay (?:gente|personas)|(?:decir|decirles|decirle|pensar|creer) que|demuestra|equivocad[oa]s?|no puedes creer|"
    r"no esperes|(?:te|les) (?:hare|haremos|voy a hacer) un juicio|no (?:se|te) puede (?:decir|llamar)|"
    r"si (?:les|le|te) (?:decis|dices|dicen|llamas|llaman)|hay gente que (?:dice|piensa|cree)|si alguien (?:dice|escribe)|"
    r"(?:decir|decirle|llamar|llamarle|llamen|llaman) \w+ a (?:alguien|nadie|una persona|la gente))\b"
)
_NEG_ABUSE = re.compile(
    r"\b(?:nunca|jamas|no) (?:le |les |lo |la |los |las |me )?(?:haria|harias|lastimaria|dane|danaria|odiaria|diria|llamaria|trataria|pegaria|mataria)\b|"
    r"\bno (?:odio|es que odie|tengo nada en contra)\b(?![^.!?\n]{0,40}\bpero\b)|\bno (?:son|es) (?:unos |unas |una |un )?(?:basura|escoria|ratas|plaga|inferiores)\b|"
    r"\bno (?:vale|valen) menos\b|\bno hay (?:\w+ )?(?:odio|desprecio|asco|rencor)|\bningun(?:a)? (?:\w+ )?(?:odio|desprecio|asco|rencor|problema)|"
    r"\bsin (?:odio|desprecio|rencor)"
)


# --- spelling games: spaced-out letters, one-letter slips in the words that carry hate ---------

_SPACED = re.compile(r"\b(?:[a-z] ){2,}[a-z]\b")
_LEXICON_SRC = (
    "basura escoria ratas plaga parasitos cancer animales bestias salvajes inferiores despreciables asquerosos "
    "asquerosas repugnantes lacra mierda brutos idiotas ignorantes violentos crueles criminales delincuentes "
    "peligrosos enfermos subhumanos cucarachas gusanos sucios inutiles degenerados aberraciones "
    "mujeres mujer homosexuales lesbianas bisexuales transexuales negros negras negro judios judio judias indigenas "
    "indigena discapacitados discapacitado discapacitadas inmigrantes inmigrante migrantes extranjeros refugiados "
    "musulmanes musulman gitanos gitanas latinos maricones maricon maricas marica mariquita bolleras tortilleras sudacas "
    "sudaca negratas mongolicos mongolico mogolicos subnormales subnormal retrasados retrasado travelos machorras "
    "sufrir porqueria desviado desviados salvajes salvaje encabronan repulsivos descerebrados infrahumanos "
    "matar matarlos matarlas asesinar asesinarlos ejecutar ejecutarlos ejecutarlas exterminar exterminarlos eliminar "
    "eliminarlos apunalar acuchillar colgarlos quemarlos dispararles fusilar fusilarlos golpearlos violar violarlos "
    "ahorcarlos odio detesto desprecio enferman repugnan asquean merecen morir deberian existir carajo demasiados "
    "demasiadas porqueria puta putos hijos idiota imbecil gilipollas pendejo pendeja estupido estupida "
    "asqueroso asquerosa repugnante patetico patetica perdedor fracasado"
)
_LEXICON = frozenset(_LEXICON_SRC.split())


@lru_cache(maxsize=1)
def _slips() -> dict[str, str]:
    """Misspellings one slip away from a lexicon word (a letter dropped, two swapped) → the word."""
    out: dict[str, str] = {}
    for w in sorted(_LEXICON):
        if len(w) < 5:
            continue
        for i in range(len(w)):
            out.setdefault(w[:i] + w[i + 1 :], w)
            if i + 1 < len(w) and w[i] != w[i + 1]:
                out.setdefault(w[:i] + w[i + 1] + w[i] + w[i + 2 :], w)
    for w in _LEXICON:
        out.pop(w, None)
    return out


# Short words fused with the next one ("demasiadosmaricas", "merecenmorir", "putamierda").
_FUSED = re.compile(
    r"\b(demasiad[oa]s|merecen|deberian|son|una|unos|unas|los|las|puta|de|mucho|mucha|tanto|tanta|muy|estos|estas|esos|esas|me|te|un)("
    + "|".join(sorted((w for w in _LEXICON if len(w) >= 4), key=len, reverse=True))
    + r")\b"
)
_WORD = re.compile(r"[a-z]+")


# Lexicon words with a short word fused after them ("negrosme dan asco").
_FUSED_AFTER = re.compile(
    r"\b("
    + "|".join(sorted((w for w in _LEXICON if len(w) >= 4), key=len, reverse=True))
    + r")(me|te|son|es|de|que|como|y)\b"
)
# Slips in short words, spelled out (a slip rule for them would also catch everyday words).
_SHORT_SLIPS = {"gys": "gays", "gais": "gays", "odo": "odio", "oido": "odio", "ido": "odio"}


def unscramble(prepared: str) -> str:
    """Undo spelling games (for the abuse rules): "m a r i c a" → "marica", "desprciables" →
    "despreciables", "merecenmorir" → "merecen morir". Not length-preserving; abuse rules only."""
    t = (
        _SPACED.sub(lambda m: m.group(0).replace(" ", ""), prepared)
        if _SPACED.search(prepared)
        else prepared
    )
    slips = _slips()
    t = _WORD.sub(lambda m: slips.get(m.group(0), m.group(0)), t)
    t = _FUSED_AFTER.sub(r"\1 \2", _FUSED.sub(r"\1 \2", t))
    return re.sub(r"\b(?:gys|gais|odo)\b", lambda m: _SHORT_SLIPS[m.group(0)], t)


def abuse_rules(text: str, prepared: str) -> list[str]:
    """The names of the Spanish abuse rules that match (empty if none)."""
    t = unscramble(prepared)
    quotes = _quoted_spans(t)
    found: list[str] = []
    counter = bool(COUNTER_SPEECH.search(t))
    for name, pattern in ABUSE_RULES.items():
        for m in pattern.finditer(t):
            if any(a <= m.start() and m.end() <= b for a, b in quotes):
                continue
            if counter and name in ("slur", "hate", "harassment"):
                continue
            if _NEG_ABUSE.search(_clause_before(t, m.start(), 50) + m.group(0)):
                continue
            found.append(name)
            break
    if "hate" not in found and not counter and _contempt_for_group(t):
        found.append("hate")
    return found


# Hate said in other words: a group named for who they are ("los judios", "cualquier gay", "esos
# inmigrantes", "las mujeres como tu") together with a word of contempt, disgust, hatred or harm
# in the same sentence (or in a short message): "todos los X son repulsivos", "estoy asqueado de
# los X", "mi perro es mas inteligente que cualquier X", "masacrare a cualquier X". Left out:
# counter-speech, negation (above) and a writer speaking of their own identity ("soy gay y…").
_GROUP_REF = re.compile(
    rf"\b(?:l[oa]s|est[oa]s|es[oa]s|aquell[oa]s|tod[oa]s l[oa]s|cualquier|ningun[oa]?|un[oa]?|el|la|otr[oa]s?|"
    rf"demasiad[oa]s|much[oa]s|estos malditos|esas malditas|ustedes,? l[oa]s|vosotr[oa]s,? l[oa]s) {_IDENT}\b|"
    rf"\b{_IDENT} (?:como tu|como ustedes|como vosotros|como ellos|como ellas|como ese|como esa)\b"
)
_CONTEMPT = re.compile(
    r"\b(?:odio|odiamos|odiar|odiarl[oa]s|odiarles|odiosos|odiosas|oido|asque\w*|asco|repuls\w*|repugn\w*|despreci\w*|desden|inmund\w*|desech\w*|basura|escoria|"
    r"ratas?|plagas?|parasit\w*|cancer|animales|bestias|salvaj\w*|inferior\w*|viles|vil|lacras?|mierda|brut[oa]s|"
    r"estupid\w*|idiotas|tont[oa]s|ignorantes|violent[oa]s|crueles|criminales|delincuentes|peligros[oa]s|enferm[oa]s|"
    r"subhuman\w*|cucarachas|gusanos|monos|sucios|sucias|inutiles|degenerad\w*|aberra\w*|masacr(?:ar|are|aria|emos)\w*|matar\w*|matare|matemos|"
    r"mataria|asesinar\w*|asesinare|asesinaria|asesinemos|ejecutar\w*|ejecucion|ejecuten|exterminar\w*|exterminio|exterminen|eliminar\w*|eliminen|apunalar\w*|acuchillar\w*|quemar\w*|dispararl\w*|fusilar\w*|erradic\w*|"
    r"golpear\w*|violar\w*|gase\w*|sufrir|sufran|muerte|mueran|morir|pudr\w*|ahorc\w*|colgar\w*|harto|harta|hartos|"
    r"cerrar la (?:maldita )?boca|callar\w*|compasion|piedad|no valen|no vale|no merecen|amenaza|peste|apestan|"
    r"hij[oa]s de puta|maldit[oa]s|jodid[oa]s|mas inteligente que|peor que|peores que|no son mejores|se creen|"
    r"largo de aqui|fuera de aqui|volver a su pais|no pertenecen|no encajar\w*|nunca encajar\w*|no deberian|no deberia|"
    r"no soporto|no aguanto|no tolero|detest\w*|aborrez\w*|nausea\w*|vomit\w*|verguenza|lastimar\w*|dano|"
    r"destru\w*|acabar con|librarnos|deshacernos|infest\w*|invad\w*|enjambre|horda|especie|cosas|bichos|"
    r"fals[oa]s|descerebrad\w*|virus|infrahuman\w*|criaturas|no tienen? cabida|muerte horrible|muerte lenta|me suicidaria|me mataria|me gusta menos|mas valios[oa]|el mas tont[oa]|la mas tont[oa]|tont[oa]|brut[oa]|mentiros[oa]s|ladron\w*|encabron\w*|cabrean|emputan|me revientan|lo peor|porqueria|vag[oa]s|terroristas|pervertid\w*|depravad\w*|anormales|monstruos|demonios|ba?staros)\b"
)
_SELF_IDENTITY = re.compile(
    rf"\b(?:soy|somos|como) (?:un[oa]? |una persona |persona )?{_IDENT}\b|\b(?:siendo|ser) {_IDENT}\b"
)
_SENTENCE = re.compile(r"[^.!?;\n]+[.!?;\n]*")


def _contempt_for_group(t: str) -> bool:
    for a, b in reversed(_quoted_spans(t)):  # what is quoted is someone else's
        t = t[:a] + " " + t[b:]
    if not _GROUP_REF.search(t) or _SELF_IDENTITY.search(t):
        return False
    sentences = [m.group(0) for m in _SENTENCE.finditer(t)]
    if len(sentences) <= 2 and len(t.split()) <= 30:
        sentences = [t]
    for sentence in sentences:
        ref = _GROUP_REF.search(sentence)
        if not ref:
            continue
        for m in _CONTEMPT.finditer(sentence):
            if ref.start() <= m.start() < ref.end():
                continue
            if _NEG_ABUSE.search(_clause_before(sentence, m.start(), 50) + m.group(0)):
                continue
            return True
    return False


ABUSE_TARGET = re.compile(
    rf"@\w|\b(?:tu|te|ti|usted|ustedes|vos|eres|sos|sois|tus|contigo|ellos|ellas|esos|esas|estos|estas|{_IDENT}|{_SLUR})\b"
)


def abuse_has_target(prepared: str) -> bool:
    return bool(ABUSE_TARGET.search(prepared))
