/**
 * Which pricing market a WhatsApp user is in, from the country calling code of their number.
 *
 * Meta prices a delivered template by its category and "the recipient WhatsApp phone number's
 * country calling code": some countries are markets of their own, the others are grouped into
 * regional markets ("Rest of Africa", …) and "Other"
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/pricing).
 *
 *   countryOfWaId(waId)   → ISO 3166-1 alpha-2 country, or null (unknown calling code)
 *   marketOfCountry(iso)  → the market of the rate cards effective 1 July 2025 (MARKET_GROUPS)
 *   countryName(iso)      → an English name, for tables and rate-card rows
 *
 * The grouping is data, not a rule: Meta moves countries out of their regional group onto
 * standalone rates from time to time, so a rate card row naming one country (by ISO code or
 * name) overrides its group's row (src/main/analytics/rates.ts). Analytics store the country,
 * never the market, so a new rate card re-prices history without recomputation.
 */

/** `'a:b c:d'` → {a: 'b', c: 'd'} (data kept compact, one line per several entries). */
function pairs(text: string, entrySep = ' ', valueSep = ':'): Record<string, string> {
  return Object.fromEntries(
    text
      .split(entrySep)
      .filter(Boolean)
      .map((entry) => entry.split(valueSep) as [string, string]),
  )
}

/** ITU-T E.164 country calling codes → ISO country (the country that is most of the code). */
// 1 (North American Numbering Plan) and 7 are split by area code below.
const CALLING_CODES = pairs(
  '1:US 7:RU 20:EG 27:ZA 30:GR 31:NL 32:BE 33:FR 34:ES 36:HU 39:IT 40:RO 41:CH 43:AT 44:GB ' +
    '45:DK 46:SE 47:NO 48:PL 49:DE 51:PE 52:MX 53:CU 54:AR 55:BR 56:CL 57:CO 58:VE 60:MY ' +
    '61:AU 62:ID 63:PH 64:NZ 65:SG 66:TH 81:JP 82:KR 84:VN 86:CN 90:TR 91:IN 92:PK 93:AF ' +
    '94:LK 95:MM 98:IR 211:SS 212:MA 213:DZ 216:TN 218:LY 220:GM 221:SN 222:MR 223:ML 224:GN ' +
    '225:CI 226:BF 227:NE 228:TG 229:BJ 230:MU 231:LR 232:SL 233:GH 234:NG 235:TD 236:CF ' +
    '237:CM 238:CV 239:ST 240:GQ 241:GA 242:CG 243:CD 244:AO 245:GW 248:SC 249:SD 250:RW ' +
    '251:ET 252:SO 253:DJ 254:KE 255:TZ 256:UG 257:BI 258:MZ 260:ZM 261:MG 262:RE 263:ZW ' +
    '264:NA 265:MW 266:LS 267:BW 268:SZ 269:KM 291:ER 297:AW 298:FO 299:GL 350:GI 351:PT ' +
    '352:LU 353:IE 354:IS 355:AL 356:MT 357:CY 358:FI 359:BG 370:LT 371:LV 372:EE 373:MD ' +
    '374:AM 375:BY 376:AD 377:MC 378:SM 380:UA 381:RS 382:ME 383:XK 385:HR 386:SI 387:BA ' +
    '389:MK 420:CZ 421:SK 423:LI 501:BZ 502:GT 503:SV 504:HN 505:NI 506:CR 507:PA 509:HT ' +
    '590:GP 591:BO 592:GY 593:EC 594:GF 595:PY 596:MQ 597:SR 598:UY 599:CW 670:TL 673:BN ' +
    '675:PG 676:TO 677:SB 678:VU 679:FJ 685:WS 687:NC 689:PF 850:KP 852:HK 853:MO 855:KH ' +
    '856:LA 880:BD 886:TW 960:MV 961:LB 962:JO 963:SY 964:IQ 965:KW 966:SA 967:YE 968:OM ' +
    '970:PS 971:AE 972:IL 973:BH 974:QA 975:BT 976:MN 977:NP 992:TJ 993:TM 994:AZ 995:GE ' +
    '996:KG 998:UZ',
)

/** +1 area codes outside the United States: Canada and the Caribbean members of the plan. */
const NANP_AREAS = pairs(
  '204:CA 226:CA 236:CA 249:CA 250:CA 263:CA 289:CA 306:CA 343:CA 354:CA 365:CA 367:CA 368:CA ' +
    '382:CA 387:CA 403:CA 416:CA 418:CA 428:CA 431:CA 437:CA 438:CA 450:CA 460:CA 468:CA 474:CA ' +
    '506:CA 514:CA 519:CA 548:CA 579:CA 581:CA 584:CA 587:CA 604:CA 613:CA 639:CA 647:CA 672:CA ' +
    '683:CA 705:CA 709:CA 742:CA 753:CA 778:CA 780:CA 782:CA 807:CA 819:CA 825:CA 867:CA 873:CA ' +
    '879:CA 902:CA 905:CA 242:BS 246:BB 264:AI 268:AG 284:VG 340:VI 345:KY 441:BM 473:GD 649:TC ' +
    '658:JM 876:JM 664:MS 670:MP 671:GU 684:AS 721:SX 758:LC 767:DM 784:VC 787:PR 939:PR 809:DO ' +
    '829:DO 849:DO 868:TT 869:KN',
)

/** The ISO country of a WhatsApp id (digits, as Meta sends `wa_id`); null when unknown. */
export function countryOfWaId(waId: string | null | undefined): string | null {
  const digits = (waId ?? '').replace(/\D/g, '')
  if (digits.length < 4) return null
  if (digits.startsWith('1')) return NANP_AREAS[digits.slice(1, 4)] ?? 'US'
  // Kazakhstan shares +7 with Russia: its numbers start 76 and 77.
  if (digits.startsWith('7')) return digits[1] === '6' || digits[1] === '7' ? 'KZ' : 'RU'
  for (const length of [3, 2]) {
    const country = CALLING_CODES[digits.slice(0, length)]
    if (country) return country
  }
  return null
}

/** The regional markets of the rate cards and their countries; a country not listed is "Other". */
export const MARKET_GROUPS: Record<string, readonly string[]> = {
  'North America': ['US', 'CA'],
  'Rest of Africa': (
    'DZ AO BJ BW BF BI CM TD CG ER ET GA GM GH GW CI KE LS LR LY MG MW ML MR MA MZ NA NE RW SN SL ' +
    'SO SS SD SZ TZ TG TN UG ZM'
  ).split(' '),
  'Rest of Asia Pacific': 'AF AU BD KH CN HK JP LA MN NP NZ PG PH SG LK TW TJ TH TM UZ VN'.split(
    ' ',
  ),
  'Rest of Central & Eastern Europe':
    'AL AM AZ BY BG HR CZ GE GR HU LV LT MD MK PL RO RS SK SI UA'.split(' '),
  'Rest of Latin America': 'BO CR DO EC SV GT HT HN JM NI PA PY PR UY VE'.split(' '),
  'Rest of Middle East': 'BH IQ JO KW LB OM QA YE'.split(' '),
  'Rest of Western Europe': 'AT BE DK FI IE NO PT SE CH'.split(' '),
}

/** Countries that are a market of their own (the market is named after the country). */
export const STANDALONE_MARKETS: readonly string[] =
  'AR BR CL CO EG FR DE IN ID IL IT MY MX NL NG PK PE RU SA ZA ES TR AE GB'.split(' ')

export const OTHER_MARKET = 'Other'

const groupOf = new Map(
  Object.entries(MARKET_GROUPS).flatMap(([market, countries]) => countries.map((c) => [c, market])),
)

/** The market a country's messages are priced in (without a rate card's own rows). */
export function marketOfCountry(country: string | null): string {
  if (country === null) return OTHER_MARKET
  if (STANDALONE_MARKETS.includes(country)) return countryName(country)
  return groupOf.get(country) ?? OTHER_MARKET
}

const NAMES: Record<string, string> = pairs(
  'AE=United Arab Emirates;AF=Afghanistan;AL=Albania;AM=Armenia;AO=Angola;AR=Argentina;' +
    'AT=Austria;AU=Australia;AZ=Azerbaijan;BD=Bangladesh;BE=Belgium;BF=Burkina Faso;BG=Bulgaria;' +
    'BH=Bahrain;BI=Burundi;BJ=Benin;BO=Bolivia;BR=Brazil;BW=Botswana;BY=Belarus;CA=Canada;' +
    "CG=Congo;CH=Switzerland;CI=Côte d'Ivoire;CL=Chile;CM=Cameroon;CN=China;CO=Colombia;" +
    'CR=Costa Rica;CZ=Czech Republic;DE=Germany;DK=Denmark;DO=Dominican Republic;DZ=Algeria;' +
    'EC=Ecuador;EG=Egypt;ER=Eritrea;ES=Spain;ET=Ethiopia;FI=Finland;FR=France;GA=Gabon;' +
    'GB=United Kingdom;GE=Georgia;GH=Ghana;GM=Gambia;GR=Greece;GT=Guatemala;GW=Guinea-Bissau;' +
    'HK=Hong Kong;HN=Honduras;HR=Croatia;HT=Haiti;HU=Hungary;ID=Indonesia;IE=Ireland;IL=Israel;' +
    'IN=India;IQ=Iraq;IT=Italy;JM=Jamaica;JO=Jordan;JP=Japan;KE=Kenya;KH=Cambodia;KW=Kuwait;' +
    'KZ=Kazakhstan;LA=Laos;LB=Lebanon;LK=Sri Lanka;LR=Liberia;LS=Lesotho;LT=Lithuania;LV=Latvia;' +
    'LY=Libya;MA=Morocco;MD=Moldova;MG=Madagascar;MK=North Macedonia;ML=Mali;MN=Mongolia;' +
    'MR=Mauritania;MW=Malawi;MX=Mexico;MY=Malaysia;MZ=Mozambique;NA=Namibia;NE=Niger;NG=Nigeria;' +
    'NI=Nicaragua;NL=Netherlands;NO=Norway;NP=Nepal;NZ=New Zealand;OM=Oman;PA=Panama;PE=Peru;' +
    'PG=Papua New Guinea;PH=Philippines;PK=Pakistan;PL=Poland;PR=Puerto Rico;PT=Portugal;' +
    'PY=Paraguay;QA=Qatar;RO=Romania;RS=Serbia;RU=Russia;RW=Rwanda;SA=Saudi Arabia;SD=Sudan;' +
    'SE=Sweden;SG=Singapore;SI=Slovenia;SK=Slovakia;SL=Sierra Leone;SN=Senegal;SO=Somalia;' +
    'SS=South Sudan;SV=El Salvador;SZ=Eswatini;TD=Chad;TG=Togo;TH=Thailand;TJ=Tajikistan;' +
    'TM=Turkmenistan;TN=Tunisia;TR=Turkey;TW=Taiwan;TZ=Tanzania;UA=Ukraine;UG=Uganda;' +
    'US=United States;UY=Uruguay;UZ=Uzbekistan;VE=Venezuela;VN=Vietnam;YE=Yemen;ZA=South Africa;' +
    'ZM=Zambia',
  ';',
  '=',
)

/** An English name for an ISO country (the code itself when not named here). */
export function countryName(country: string): string {
  return NAMES[country] ?? country
}

/** Every ISO country this module knows (from calling codes and area codes). */
export const KNOWN_COUNTRIES: ReadonlySet<string> = new Set([
  ...Object.values(CALLING_CODES),
  ...Object.values(NANP_AREAS),
  'KZ',
])

/** A country named by ISO code or English name (case-insensitive), or null. */
export function countryByName(text: string): string | null {
  const wanted = text.trim().toLowerCase()
  if (/^[a-z]{2}$/.test(wanted) && KNOWN_COUNTRIES.has(wanted.toUpperCase()))
    return wanted.toUpperCase()
  for (const [code, name] of Object.entries(NAMES)) if (name.toLowerCase() === wanted) return code
  return null
}
