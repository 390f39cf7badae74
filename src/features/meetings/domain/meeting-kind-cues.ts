/**
 * The words the meeting-kind classifier weighs (src/features/meetings/domain/meeting-kind.ts), in the languages a
 * team across time zones writes in: English, French, German, Spanish, Portuguese, Italian, Dutch,
 * Swedish, Japanese, Chinese, Korean and Hindi. Positive weights lean transactional, negative
 * ones social.
 */

export interface Cue {
  pattern: RegExp;
  weight: number;
}

/** Whole words (a combining mark continues a word, as in Devanagari). */
const cue = (words: string, weight: number): Cue => ({
  pattern: new RegExp(
    String.raw`(?:^|[^\p{L}\p{M}\p{N}])(?:${words})(?=$|[^\p{L}\p{M}\p{N}])`,
    'iu',
  ),
  weight,
});

/** Scripts written without spaces between words: any occurrence counts. */
const inText = (words: string, weight: number): Cue => ({
  pattern: new RegExp(`(?:${words})`, 'u'),
  weight,
});

/** Words that name what the meeting should produce. */
export const OUTCOME_CUES: Cue[] = [
  cue('decide[sd]?|decisions?|deciding', 4),
  cue('agree(?:d|ment)?|align(?:ment)?|consensus', 3),
  cue('approv(?:e|al|ed)|sign[- ]?off|signoff|go/no[- ]go|green[- ]?light', 4),
  cue('choose|choosing|pick|select|shortlist', 3),
  cue('finali[sz]e|settle|conclude|resolve', 3),
  cue('next steps|action items|owners?|deadline', 3),
  cue(
    'décider|décision|valider|validation|entscheid(?:en|ung)|beschlie(?:ß|ss)en|freigabe|decidir|decisión|decisão|aprobar|aprobación|aprovar|aprovação|decidere|decisione|approvazione|beslissen|besluit|goedkeuring|beslut|godkänna|निर्णय|फ़ैसला|फैसला|मंज़ूरी',
    4,
  ),
  inText('決定|判定|承認|決裁|决定|审批|결정|승인', 4),
];

/** Words of work. */
export const WORK_CUES: Cue[] = [
  cue('review(?:s|ing)?|calibration|audit|evidence|compliance', 3),
  cue('plan(?:s|ning)?|roadmap|okrs?|strategy|rollout|capacity|prioriti[sz]e|priorities', 3),
  cue('post-?mortem|root[- ]cause|incidents?|outage|escalation|runbook|failover|on-call|pager', 3),
  cue('debug(?:ging)?|fix(?:ing)?|bugs?|unblock|failing|flaky|broken|refactor|leak|triage', 3),
  cue('estimat(?:e|es|ion)|spec|specs|requirements|architecture|design|migration|dry-run', 3),
  cue('hiring|candidates?|interviews?|committee|career|performance|promotion', 3),
  cue(
    'budget|pricing|prices?|costs?|vendors?|suppliers?|negotiation|legal|dpa|invoice|bill|contracts?|renewal|renew|rfp|procurement|forecast|numbers|revenue',
    3,
  ),
  cue(
    "lunch (?:&|and|n|’n’|'n') learn|brown[- ]bag|tech talk|lunch talk|deep[- ]dive|training|workshop|onboarding session|knowledge[- ]sharing",
    6,
  ),
  cue('retro|retrospective|sprint|standup|kick-?off|handover|hand-?off|hand over|demo|prep', 2),
  cue('sync|discuss(?:ion)?|walk-?through|walk through|go through|pairing|pair on', 2),
  cue(
    'customers?|clients?|accounts?|sales|release|launch date|feedback|project|checklist|tests?|env|ui|board|backlog',
    2,
  ),
  cue(
    'service|system|stack|api|pipeline|database|infrastructure|platform|deploy(?:ment)?|feature|screen|checkout|code|repo|servers?|observability|security',
    2,
  ),
  cue('1:1|one[- ]on[- ]one|debrief|business|meeting agenda|presentation|talk on|talk about', 2),
  cue(
    // French, German, Spanish, Portuguese, Italian, Dutch, Swedish: reviews, plans, money, releases.
    'revue|revoir|relecture|planification|budget|contrat|fournisseur|bilan|stratégie|feuille de route|recrutement|livraison|mise en production|base de données|point sur|' +
      'besprechung|abstimmung|planung|überprüfung|prüfung|vertrag|lieferant|strategie|einstellung|veröffentlichung|datenbank|' +
      'revisar|revisión|presupuesto|planificación|contrato|proveedor|auditoría|estrategia|migración|lanzamiento|base de datos|' +
      'revisão|orçamento|planejamento|fornecedor|auditoria|estratégia|migração|lançamento|banco de dados|' +
      'revisione|pianificazione|contratto|fornitore|strategia|migrazione|rilascio|' +
      'bespreking|begroting|leverancier|migratie|evaluatie|' +
      'genomgång|granskning|planering|avtal|leverantör',
    3,
  ),
  cue('समीक्षा|बजट|योजना|ऑडिट|बैठक|तैयारी|अनुबंध|रिलीज़|रिलीज|माइग्रेशन|ग्राहक', 3),
  inText(
    '会議|打ち合わせ|レビュー|予算|計画|設計|移行|障害|振り返り|契約|監査|リリース|会议|评审|预算|计划|复盘|上线|故障|회의|검토|예산|계획|출시|장애',
    3,
  ),
];

/** Words of a team get-together. */
export const SOCIAL_CUES: Cue[] = [
  cue('coffee|tea|lunch|breakfast|brunch|dinner|potluck|picnic|bbq|barbecue|cake|snacks', -4),
  cue(
    'pizza|tacos?|sushi|ramen|dumplings|curry|pancakes?|waffles|ice cream|cookies|bagels|donuts?|doughnuts?|smoothies|cocktails?|margaritas?|wine|tasting|cooking',
    -4,
  ),
  cue('drinks|beers?|happy hour|pub|cheers|🥂|🍻|☕|🍕|🎂|🎉', -4),
  cue('party|celebrat(?:e|ion|ing)|anniversary|birthday|festive|secret santa|gift exchange', -4),
  cue('farewell|goodbye|send-?off|leaving|last week with us|welcome', -4),
  cue(
    'games?|quiz|trivia|karaoke|movie|film night|bake-?off|yoga|roulette|donut|kudos|shout-?outs?|contest|sweater|costume',
    -4,
  ),
  cue(
    '(?:book|reading|running|walking|chess|film|movie|cooking|craft|knitting|lego|board ?game|cycling|hiking|music|photo|gardening)[- ]?(?:club|circle|group|walk)|knitting|crochet|hobby|hobbies|show and tell|water ?cooler',
    -5,
  ),
  cue('club|circle', -2),
  cue(
    'social|hang ?out|get-together|get together|meet and greet|meet & greet|icebreakers?|team[- ]building',
    -4,
  ),
  cue('get(?:ting)? to know|say hi|meet the new', -4),
  cue(
    "diwali|eid|thanksgiving|christmas|hanukkah|st patrick'?s|lunar new year|holi|nowruz|new year'?s",
    -4,
  ),
  cue(
    'casual|informal|catch[- ]?up|chat|no agenda|nothing specific|just|fun|together|walk and talk|no slides|weekend',
    -2,
  ),
  cue('night|after work|friday', -1),
  cue(
    // French, German, Spanish, Portuguese, Italian, Dutch, Swedish: food, drink, parties, hellos and goodbyes.
    'apéro|apéritif|café|déjeuner|dîner|petit[- ]déjeuner|pot|verre|fête|anniversaire|soirée|départ|bienvenue|jeux|goûter|' +
      'kaffee|kaffeeklatsch|kuchen|mittagessen|frühstück|abendessen|feierabend(?:bier)?|bier|umtrunk|abschied|willkommen|feier|geburtstag|spieleabend|stammtisch|weihnachtsfeier|' +
      'comida|almuerzo|cena|desayuno|cervezas?|copas?|tapas|fiesta|celebrar|celebración|cumpleaños|despedida|bienvenida|juegos|convivio|' +
      'almoço|jantar|lanche|merenda|café da manhã|cerveja|festa|comemorar|comemoração|aniversário|boas-vindas|confraternização|churrasco|' +
      'pranzo|colazione|aperitivo|caffè|birra|compleanno|benvenuto|addio|festeggiare|' +
      'borrel|koffie|taart|feest|afscheid|welkom|verjaardag|etentje|vrijmibo|' +
      'fika|middag|frukost|fest|avslutning|välkomst|afterwork|kräftskiva',
    -4,
  ),
  cue('चाय|गपशप|पार्टी|जन्मदिन|दावत|भोज|विदाई|स्वागत|त्योहार|दिवाली|होली|नाश्ता|खाना', -4),
  inText(
    '飲み会|歓迎会|送別会|忘年会|新年会|懇親会|打ち上げ|ランチ|お茶|誕生日|パーティー|聚餐|团建|下午茶|生日|欢迎|欢送|聚会|年会|회식|환영회|송별회|생일|점심|커피|파티',
    -4,
  ),
];
