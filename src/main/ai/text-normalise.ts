import { createRequire } from 'node:module'
import winkNLP, { type ItsFunction, type Model } from 'wink-nlp'

/**
 * How the local drafter turns text into search terms, the same for the knowledge base and the
 * customer's message: English through wink-nlp (tokens, stop words, Porter2 stems: "opening
 * hours" and "open on Sunday" share "open"), every other language by Unicode words with
 * diacritics folded ("dirección" = "direccion"), its common function words dropped, and plural
 * endings trimmed for the Romance languages.
 */

// The English model (a CommonJS package) takes ~100 ms to load: required on first use, not at
// the core's start.
const require = createRequire(import.meta.url)
let nlp: ReturnType<typeof winkNLP> | null = null
const english = () => (nlp ??= winkNLP(require('wink-eng-lite-web-model') as Model, ['sbd', 'pos']))

/** Lower case without diacritics: "Dirección" → "direccion". */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** Letters and digits runs, folded. */
export function words(text: string): string[] {
  return foldDiacritics(text).match(/[\p{L}\p{N}]+/gu) ?? []
}

/** Function words per language (folded), for stop-word removal and language hints. */
export const FUNCTION_WORDS: Readonly<Record<string, ReadonlySet<string>>> = {
  en: new Set(
    'the a an and or but is are was were be been am do does did have has had i you he she it we they my your our their me us what when where who why how which can could would should will may there here this that these those to of in on at for with from by about as if not no yes please thanks thank hi hello hey'.split(
      ' ',
    ),
  ),
  es: new Set(
    'a el la los las un una unos unas y o pero es son esta estan estoy ser fue de del al en con por para que como cuando donde quien cual cuanto cuanta cuantos cuantas mi mis tu tus su sus nuestro nuestra yo usted ustedes nosotros se le lo les muy mas hay tienen tiene tienes puedo puede quiero hola gracias buenos buenas dias tardes noches'.split(
      ' ',
    ),
  ),
  pt: new Set(
    'o a os as um uma uns umas e ou mas sao esta estao estou ser foi de do da dos das no na nos nas em com por para que como quando onde quem qual quanto quanta quantos quantas meu minha meus minhas seu sua voce voces eu ele ela eles elas se lhe muito mais tem tenho posso pode quero ola oi obrigado obrigada bom boa dia tarde noite vcs vc'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'le la les un une des et ou mais est sont suis etre de du au aux en dans avec pour par que qui quoi comment quand combien mon ma mes votre vos notre je vous nous il elle ils elles ce cette ces ne pas oui non bonjour merci'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das ein eine und oder aber ist sind bin sein von zu mit fur auf im an was wer wie wann wo warum welche ich sie wir er es du mein ihr unser nicht ja nein hallo danke bitte'.split(
      ' ',
    ),
  ),
  it: new Set(
    'il lo la i gli le un una e o ma sono sei essere di del della da in con per che chi come quando dove quanto mio mia tuo suo io lei noi voi non si ciao grazie buongiorno'.split(
      ' ',
    ),
  ),
}

const ROMANCE = new Set(['es', 'pt', 'fr', 'it', 'ca', 'gl'])

/** "horarios" → "horario", "preços" → "preco": enough for plural forms to meet. */
const trimPlural = (word: string) =>
  word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word

function englishTerms(text: string): string[] {
  const { its, readDoc } = english()
  const tokens = readDoc(text).tokens()
  const types = tokens.out(its.type)
  const stop = tokens.out(its.stopWordFlag)
  // wink-nlp's typings give `stem` a model-addons parameter `out` does not accept; it works as any its.
  const stems = tokens.out(its.stem as unknown as ItsFunction<string>)
  const terms: string[] = []
  types.forEach((type, i) => {
    if ((type === 'word' || type === 'number') && stop[i] !== true)
      terms.push(...words(stems[i] ?? ''))
  })
  return terms
}

/**
 * The search terms of `text` read as `language` (ISO 639-1; anything else: words only). When
 * every word is a function word ("how are you?") they are kept: an empty query matches nothing.
 */
export function normaliseTerms(text: string, language: string): string[] {
  if (language === 'en') {
    const terms = englishTerms(text)
    return terms.length > 0 ? terms : words(text)
  }
  const all = words(text)
  const stop = FUNCTION_WORDS[language]
  const kept = stop ? all.filter((word) => !stop.has(word)) : all
  const terms = kept.length > 0 ? kept : all
  return ROMANCE.has(language) ? terms.map(trimPlural) : terms
}
